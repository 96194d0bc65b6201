# One image for the silo and the terminal; docker-compose.yml picks which one a service runs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish silo -c Release -o /app/silo \
 && dotnet publish terminal -c Release -o /app/terminal

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Not root: the image's app user runs the silo, the terminal and the certs command. /certs belongs to it,
# so a new certs volume mounted there does too, and the keys written into it stay readable by it alone.
RUN mkdir /certs && chown "$APP_UID" /certs
USER $APP_UID
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "silo/RetentionActors.Silo.dll"]
