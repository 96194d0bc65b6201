global using Orleans;
global using RetentionActors.Contracts;
global using Xunit;
