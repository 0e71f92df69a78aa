# syntax=docker/dockerfile:1
# One image for the API and the worker; docker-compose.yml picks the command. Node >= 20.19 is required (require(esm)).
ARG NODE_IMAGE=node:20.20-bookworm-slim
# npm 11 honours the allowScripts policy in package.json (.npmrc: strict-allow-scripts=true); npm 10 would ignore it
ARG NPM_VERSION=11.19.1

# Only what `npm ci` reads (every workspace's package.json, the lockfile, .npmrc), so the dependency layers are
# rebuilt only when those change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -depth -type d -empty -delete

FROM ${NODE_IMAGE} AS deps
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION} --no-audit --no-fund
WORKDIR /app
COPY --from=manifests /src/ ./
RUN npm ci --no-audit --no-fund

# Server (nest build api, nest build worker → dist/apps/<app>/…) and console (vite → apps/console/dist).
FROM deps AS build
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION} --no-audit --no-fund
WORKDIR /app
COPY --from=manifests /src/ ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CONSOLE_DIST=/app/apps/console/dist
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
# the common-password list read by the API at startup (libs/access/src/common-passwords.ts)
COPY --from=build /app/libs/access/src/common-passwords.txt ./libs/access/src/common-passwords.txt
COPY --from=build /app/apps/console/dist ./apps/console/dist
USER node
EXPOSE 3000
# The API migrates the database on start; the worker runs dist/apps/worker/apps/worker/src/main.js (see docker-compose.yml).
# --max-old-space-size=192: the API's heap is capped so it stays within 250 MB resident under load (README, Performance)
CMD ["node", "--enable-source-maps", "--max-old-space-size=192", "dist/apps/api/apps/api/src/main.js"]
