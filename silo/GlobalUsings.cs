global using Orleans;
// The silo's folders are its layers; every file sees them all, as it did when they shared the Api folder.
global using RetentionActors.Silo.Actions;
global using RetentionActors.Silo.Api;
global using RetentionActors.Silo.Audit;
global using RetentionActors.Silo.Auth;
global using RetentionActors.Silo.Commands;
global using RetentionActors.Silo.Reports;
