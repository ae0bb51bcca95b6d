# BackupPortal: built with the .NET SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t backupportal .
# One instance on SQLite: docker run -p 8080:8080 -v bp-data:/data -e Auth__Authority=https://... backupportal
# Several instances on PostgreSQL: docker compose up (docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins this repository's SDK, not the image's.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Portal/Portal.csproj src/Portal/
COPY src/Portal.Core/Portal.Core.csproj src/Portal.Core/
RUN dotnet restore src/Portal/Portal.csproj
COPY src/ src/
COPY scripts/publish.sh scripts/
RUN bash scripts/publish.sh /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Production: sign-in needs Auth:Authority (https); the development identity provider is not in a
# Release build. SQLite in /data unless Database:Provider says Postgres.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Portal="Data Source=/data/backupportal.db" \
    ImportRuns__Directory=/data/runs
RUN mkdir -p /data/runs && chown -R "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
# Ready = the database answers and its schema is this build's (GET /health/ready).
HEALTHCHECK --interval=15s --timeout=12s --start-period=60s --retries=3 \
    CMD ["dotnet", "Portal.dll", "health", "--url", "http://127.0.0.1:8080/health/ready"]
ENTRYPOINT ["dotnet", "Portal.dll"]
