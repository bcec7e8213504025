# sluice worker image. Three stages: install the dependencies (with the toolchain a native module may need), build the
# compiled CLI and the workflow bundle, then copy the result onto a clean base that has neither compilers nor npm's
# caches and runs as the unprivileged `node` user. The base image is pinned to the Node release sluice is tested on.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM deps AS build
COPY . .
# The caches are keyed by a hash of the sources at their paths under /app, which the final stage keeps unchanged, so
# a container finds them instead of building at start.
RUN node --import tsx scripts/prebuild.ts && node bin/sluice.js --help > /dev/null

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
ENTRYPOINT ["node", "bin/sluice.js"]
CMD ["worker", "--temporal", "temporal:7233"]
