# sluice worker image: the CLI and its TypeScript sources, run through tsx.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENTRYPOINT ["node", "bin/sluice.js"]
CMD ["worker", "--temporal", "temporal:7233"]
