# sluice worker image: the CLI, compiled from its TypeScript sources when the image is built.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
RUN node bin/sluice.js --help > /dev/null
ENTRYPOINT ["node", "bin/sluice.js"]
CMD ["worker", "--temporal", "temporal:7233"]
