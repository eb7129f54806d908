import { formatQueryCode } from '../../src/cases/query-code.ts';

export interface ReceiptProps {
  reference: string;
  channelLabel: string;
  /** Present only on the first view right after submitting. */
  queryCode: string | null;
  nextStep: string;
  emailSent: boolean;
}

export function ReceiptPage(p: ReceiptProps) {
  return (
    <>
      <h1>提交成功</h1>
      <div class="panel-ok" role="status">
        <p>您的{p.channelLabel}已收到。</p>
        <dl class="summary">
          <dt>编号</dt>
          <dd class="code">{p.reference}</dd>
          {p.queryCode ? (
            <>
              <dt>查询码</dt>
              <dd class="code">{formatQueryCode(p.queryCode)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {p.queryCode ? (
        <p class="notice">
          <strong>请立即记下或截图保存编号和查询码。</strong>查询码只显示这一次，凭编号和查询码才能查询进度和答复。查询码相当于密码，请勿告诉他人。
          {p.emailSent ? '编号和查询码也将发送到您填写的邮箱。' : ''}
        </p>
      ) : (
        <p class="notice">为保护您的信息，查询码只在提交后显示一次。{p.emailSent ? '编号和查询码已发送到您填写的邮箱。' : ''}</p>
      )}
      <h2>下一步</h2>
      <p>{p.nextStep}</p>
      <p>
        <a class="button button--secondary" href="/lookup">
          查询办理进度
        </a>{' '}
        <a href="/">返回首页</a>
      </p>
    </>
  );
}
