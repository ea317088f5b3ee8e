# The care front door alone. It expects an Operaton engine's REST API (ENGINE_REST_URL, signed in to as
# ENGINE_USER / ENGINE_PASSWORD) and PostgreSQL (DATABASE_URL) from outside, as docker-compose.yml provides:
# the image carries no Java or Maven, so it cannot build or start an engine host of its own. The engine host
# has its own image, engine/Dockerfile.
FROM node:20-bookworm-slim

WORKDIR /app

# The lock file alone first, so dependencies are installed again only when they change. The council's own
# bpmnlint rules are a local package (a dev dependency linked from the lock file), so npm ci needs its package.json.
COPY package.json package-lock.json ./
COPY bpmnlint-plugin-council/package.json bpmnlint-plugin-council/
RUN npm ci

# Everything, not just the compiled code: at run time the service reads its SQL migrations from
# src/store/migrations, its models from processes/, and finds its root by engine/pom.xml.
COPY . .

# The compiler is a dev dependency, so pruning waits until the build is done.
RUN npm run build && npm prune --omit=dev

# A container's loopback is unreachable through a published port, so listen on all interfaces.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000

# The service writes nothing under /app when it uses an engine that runs elsewhere, so it needs no root.
USER node

EXPOSE 3000
CMD ["node", "dist/src/main.js"]
