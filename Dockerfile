# The product as one image: `npm start` (bin/start.ts) on Node 20, with the browser bundles built at build time.
# Meant to run on an external PostgreSQL (DATABASE_URL), as docker-compose.yml wires it, with the embedded engine
# keeping its state there too (or on a site-licensed Zeebe cluster, with ZEEBE_GRPC_ADDRESS); without
# DATABASE_URL it would start the embedded PostgreSQL in DATA_DIR.
# tsx (runs the TypeScript) and esbuild (builds the bundles) are runtime dependencies, so --omit=dev keeps them.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
# the bundles go to dist/web; built here, they are never stale at start, so the app needs no write access
RUN npm run build:web \
    && mkdir -p /app/.data \
    && chown node:node /app/.data

USER node
# HOST: listen on every interface of the container, not only its loopback
ENV PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM reaches bin/start.ts, which stops the workers and the web cleanly
CMD ["node", "--import", "tsx", "bin/start.ts"]
