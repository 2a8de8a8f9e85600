# syntax=docker/dockerfile:1
# One multi-stage Dockerfile for every service: `docker build --build-arg APP=orders .`
# The build stages are shared by all apps (one cache); the runtime image holds the production
# dependencies and the whole build (a few MB of JavaScript): APP chooses what it runs. Every image can
# run the tools — the replay tool starts any service in rebuild mode and uses each service's restore
# mapping. It runs as the unprivileged `node` user (uid 1000).
# Node 24 LTS, the minor of .nvmrc (make up and make test run the same Node; the deploy tests check both agree).
ARG NODE_IMAGE=node:24.22-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
COPY patches ./patches
# `npm install` honours the lockfile; npm 11's own `npm ci` can refuse a lockfile written on another
# platform (see scripts/ensure-deps.sh). Dependencies' install scripts stay off; our own fixes to
# dependencies (patches/, see its README) are applied explicitly.
RUN npm install --no-audit --no-fund --ignore-scripts && npx patch-package --error-on-fail --error-on-warn

FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<app>" >&2; exit 1)
ENV NODE_ENV=production \
    APP=${APP} \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
RUN test -f "dist/apps/$APP/src/main.js" || (echo "no app named $APP" >&2; exit 1)
# The files belong to root and are read-only for the app: it writes nothing to disk (logs go to stdout).
USER node
# Readiness (/health checks Kafka and MongoDB): dependants in docker compose start once this passes.
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=12 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["sh", "-c", "exec node dist/apps/$APP/src/main.js"]
