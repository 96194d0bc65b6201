global using Orleans;
global using RetentionActors.Contracts;
global using RetentionActors.Tests.Shared.Silo;
global using Xunit;
