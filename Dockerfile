# BackupPortal: build with the .NET SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins this repository's SDK, not the image's.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Portal/Portal.csproj src/Portal/
COPY src/Portal.Core/Portal.Core.csproj src/Portal.Core/
RUN dotnet restore src/Portal/Portal.csproj
COPY src/ src/
RUN dotnet publish src/Portal/Portal.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Portal="Data Source=/data/backupportal.db"
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "Portal.dll"]
