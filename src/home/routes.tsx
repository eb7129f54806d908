import { Hono } from 'hono';
import { listActiveDepartments } from '../cases/queries.ts';
import type { AppDeps } from '../deps.ts';
import { renderPage } from '../http/render.tsx';
import { letterLimits } from '../intake/queries.ts';
import { HomePage } from '../../views/citizen/home.tsx';

export function homeRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const [departments, limits] = await Promise.all([listActiveDepartments(deps.db), letterLimits(deps.db)]);
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: '首页' },
      <HomePage districtName={deps.config.districtName} departments={departments.filter((d) => !d.is_office)} letterLimits={limits} />,
    );
  });
  return app;
}
