# netpol-guard GitHub App. Build: docker build -t netpol-guard .
# Run:   docker run --init -p 3000:3000 --env-file .env netpol-guard

# The current Node LTS line (test/security/image-runs-supported-node.test.ts fails once it reaches end of
# life). The code itself still runs on Node 20.19+ (package.json engines).
ARG NODE_IMAGE=node:26-trixie-slim

# Build stage: all dependencies, TypeScript compiled to lib/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: `prepare` would run tsc before the sources are here, and no dependency needs its
# install script (the HCL grammar is used as WebAssembly).
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, the compiled app, a non-root user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY app.yml ./
USER node
EXPOSE 3000
CMD ["npm", "start"]
