global using Orleans;
global using RetentionActors.Contracts;
