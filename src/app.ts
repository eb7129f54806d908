// The whole web application, built from injected dependencies; server.ts makes it listen.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './http/errors.tsx';
import { authRoutes } from './auth/routes.tsx';
import { loadStaff } from './auth/middleware.ts';
import { homeRoutes } from './home/routes.tsx';
import { intakeRoutes } from './intake/routes.tsx';
import { lookupRoutes } from './lookup/routes.tsx';
import { adminRoutes } from './admin/routes.tsx';
import { officeRoutes } from './office/routes.tsx';
import { queueRoutes } from './queue/routes.tsx';
import { caseworkRoutes } from './casework/routes.tsx';

// Forms carry text only so far; a letter of 2,000 characters is about 6 KB.
const MAX_FORM_BYTES = 64 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const publicOrigin = new URL(deps.config.publicUrl).origin;

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      strictTransportSecurity: publicOrigin.startsWith('https:') ? 'max-age=31536000' : false,
    }),
  );
  app.use(compress());
  app.use(
    '/static/*',
    async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=3600');
    },
    serveStatic({ root: './' }),
  );
  // Same-origin check (Origin / Sec-Fetch-Site) on every form post; behind a proxy the public origin counts too.
  app.use(csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));
  app.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: () => {
        throw new HTTPException(413);
      },
    }),
  );

  app.use(loadStaff(deps.db, deps.clock));

  app.route('/', homeRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', intakeRoutes(deps));
  app.route('/', lookupRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', officeRoutes(deps));
  app.route('/', queueRoutes(deps));
  app.route('/', caseworkRoutes(deps));

  app.notFound(notFoundHandler(deps.config.districtName));
  app.onError(errorHandler(deps.logger, deps.config.districtName));
  return app;
}
