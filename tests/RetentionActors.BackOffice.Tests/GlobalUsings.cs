global using Orleans;
global using RetentionActors.Contracts;
global using Xunit;
global using static RetentionActors.BackOffice.Tests.TestToken;
