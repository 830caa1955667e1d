# syntax=docker/dockerfile:1
# One image for every Kelos function. The Knative Service picks the entry
# point with its first argument (or KELOS_FUNCTION):
#   node scripts/run-function.js <name>   (a name of functions/names.ts)
# Build: docker build -t ghcr.io/kelos-dev/kelos-knative/functions:latest .

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Compile TypeScript with the full (dev) dependency set.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# tsc output plus one esbuild bundle per function (fast cold starts).
RUN npm run build

# 2. Production dependencies only, resolved from the same lockfile.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. Runtime: compiled output, production node_modules, non-root.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/dist ./dist
COPY --from=build /src/scripts/run-function.js ./scripts/run-function.js
# A numeric UID so that Kubernetes can verify runAsNonRoot.
USER 10001:10001
# Knative sets PORT; the function server listens on it.
EXPOSE 8080
# The function name is the first argument, or KELOS_FUNCTION when none is given.
ENTRYPOINT ["/bin/sh", "-c", "exec node scripts/run-function.js \"${1:-$KELOS_FUNCTION}\"", "run-function"]
