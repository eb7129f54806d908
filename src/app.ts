// The whole web application, built from injected dependencies; server.ts makes it listen.
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { etag } from 'hono/etag';
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
import { reportRoutes } from './report/routes.tsx';
import { statsRoutes } from './stats/routes.tsx';
import { attachmentRoutes, isUploadRequest, uploadBodyLimit } from './attachments/routes.tsx';
import { limitBody } from './http/body-limit.ts';
import { compressPages } from './http/compress-pages.ts';

// A form without files carries text only; a letter of 2,000 characters is about 6 KB.
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
  app.use(compressPages());
  // Static files keep their names (the layout links /static/css/portal.css), so a browser cannot be told
  // of a new version: it reuses a file for a day without asking, then once more while it revalidates in
  // the background; revalidating costs a body-less 304 thanks to the ETag (weak: the same file whether
  // gzipped or not). A deployment thus reaches every browser within a day.
  app.use(
    '/static/*',
    async (c, next) => {
      await next();
      if (c.res.status === 200 || c.res.status === 304) c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    },
    etag({ weak: true }),
    serveStatic({ root: './' }),
  );
  // Same-origin check (Origin / Sec-Fetch-Site) on every form post; behind a proxy the public origin counts too.
  app.use(csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));
  // The forms that carry attachments get room for them (multipart posts only); everything else keeps MAX_FORM_BYTES.
  app.use(uploadBodyLimit(deps.config.districtName));
  app.use(
    except(
      isUploadRequest,
      limitBody({
        maxSize: MAX_FORM_BYTES,
        onError: () => {
          throw new HTTPException(413);
        },
      }),
    ),
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
  app.route('/', reportRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', attachmentRoutes(deps));

  app.notFound(notFoundHandler(deps.config.districtName));
  app.onError(errorHandler(deps.logger, deps.config.districtName));
  return app;
}
