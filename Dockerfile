# hostflow's worker and HTTP API (one image, two commands). TypeScript runs through tsx, as in
# development: there is no separate build output to drift from the sources. Node 24 (Active LTS);
# the code also runs on Node 20, which CI tests too.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY activities ./activities
COPY api ./api
COPY bandwidth ./bandwidth
COPY cli ./cli
COPY client ./client
COPY codec ./codec
COPY config ./config
COPY contract ./contract
COPY logging ./logging
COPY observability ./observability
COPY records ./records
COPY sandbox ./sandbox
COPY scripts ./scripts
COPY worker ./worker
COPY workflows ./workflows
COPY tsconfig.json ./
RUN mkdir -p /data && chown node:node /data
USER node
# The API; the worker's health endpoints listen where WORKER_HEALTH_PORT says (8081 in compose).
EXPOSE 3000
# The API by default; the worker service runs `node --import tsx worker/main.ts`.
CMD ["node", "--import", "tsx", "api/main.ts"]
