// Every error becomes a Chinese page with the right status; nobody ever sees a stack trace.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  CalendarYearMissingError,
  DomainError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { ErrorPage } from '../../views/error-page.tsx';
import { isHtmx } from './form.ts';
import { renderPage } from './render.tsx';

interface Mapped {
  status: ContentfulStatusCode;
  heading: string;
  message: string;
}

/** A database that is full, locked or unreachable: the citizen should simply try again. */
export function isTemporaryStorageError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR)/.test(code) || ['ECONNREFUSED', '57P01', '53100', '53300'].includes(code);
}

/** Text PostgreSQL cannot hold (a NUL byte, code 22021): it came from the request, so the request is what is wrong. */
const isUnstorableText = (error: unknown) => (error as { code?: string } | null)?.code === '22021';

export function mapError(error: unknown): Mapped {
  if (error instanceof HTTPException) {
    if (error.status === 403) {
      return { status: 403, heading: '请求被拒绝', message: '为保护您的安全，本次提交未被接受（请求来源校验失败）。请返回页面刷新后重新提交。' };
    }
    if (error.status === 413) {
      return { status: 413, heading: '提交的内容过大', message: '提交的内容超过了允许的大小，请精简后重新提交。' };
    }
    return { status: error.status as ContentfulStatusCode, heading: '请求有误', message: error.message || '请求无法处理。' };
  }
  if (error instanceof NotFoundError) return { status: 404, heading: '未找到', message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, heading: '没有权限', message: error.message };
  if (error instanceof ValidationError) return { status: 422, heading: '提交的内容有误', message: Object.values(error.fields).join('；') || error.message };
  if (error instanceof IllegalTransitionError) return { status: 409, heading: '无法执行此操作', message: error.message };
  if (error instanceof CalendarYearMissingError) return { status: 409, heading: '工作日历缺少年份', message: error.message };
  if (error instanceof DomainError) return { status: 400, heading: '无法处理', message: error.message };
  if (isUnstorableText(error)) {
    return { status: 400, heading: '请求有误', message: '提交的内容包含无法识别的字符（如空字符），请删除后重新提交。' };
  }
  if (isTemporaryStorageError(error)) {
    return { status: 503, heading: '系统繁忙', message: '系统暂时无法保存，请稍后再试。您的内容尚未提交。' };
  }
  return { status: 500, heading: '系统出错了', message: '很抱歉，系统处理您的请求时出错，请稍后再试。问题已记录。' };
}

export function errorHandler(logger: Logger, districtName: string) {
  return (error: Error, c: Context) => {
    const mapped = mapError(error);
    if (mapped.status >= 500) logger.error({ err: error, path: c.req.path }, 'request failed');
    if (mapped.status === 503) c.header('Retry-After', '30');
    // htmx swaps the answer into the element that asked: a whole page there would nest a second layout.
    if (isHtmx(c)) {
      return c.html(
        <div class="error-summary" role="alert">
          <ErrorPage heading={mapped.heading} message={mapped.message} />
        </div>,
        mapped.status,
      );
    }
    return renderPage(c, { districtName, title: mapped.heading, status: mapped.status }, <ErrorPage heading={mapped.heading} message={mapped.message} />);
  };
}

export function notFoundHandler(districtName: string) {
  return (c: Context) =>
    renderPage(c, { districtName, title: '页面不存在', status: 404 }, <ErrorPage heading="页面不存在" message="您访问的页面不存在或已被移除。" />);
}
