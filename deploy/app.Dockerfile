# syntax=docker/dockerfile:1
# One image recipe for o2c's three apps (sandbox, worker, starter), built from this repository.
# Build context: the repository root; APP names the module, PORT its HTTP port:
#   docker build -f deploy/app.Dockerfile --build-arg APP=worker --build-arg PORT=8082 -t o2c/worker .
#   (or: docker compose build)
# Needs BuildKit (the default since Docker 23 and in `docker compose`) for the Maven cache mount.

FROM eclipse-temurin:21.0.8_9-jdk AS build
ARG APP
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl ${APP} -am package \
 && java -Djarmode=tools -jar ${APP}/target/${APP}-exec.jar extract --layers --launcher --destination /workspace/app

FROM eclipse-temurin:21.0.8_9-jre
ARG PORT
RUN groupadd --system o2c && useradd --system --gid o2c --home-dir /app --no-create-home o2c
WORKDIR /app
# one layer per rate of change: libraries first, our classes last
COPY --from=build /workspace/app/dependencies/ ./
COPY --from=build /workspace/app/spring-boot-loader/ ./
COPY --from=build /workspace/app/snapshot-dependencies/ ./
COPY --from=build /workspace/app/application/ ./
USER o2c
ENV SERVER_PORT=${PORT} \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" > /dev/null || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
