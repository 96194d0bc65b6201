namespace RetentionActors.Tests.Shared.Silo;

/// <summary>Where the silo's and terminal's own build outputs are (built by the project references of the test project).</summary>
public static class BuildOutput
{
    public static string Dll(string projectFolder, string assembly)
    {
        var testOutput = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testOutput).Parent!.Name;
        var root = new DirectoryInfo(testOutput);
        while (!File.Exists(Path.Combine(root.FullName, "RetentionActors.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("RetentionActors.sln not found above " + testOutput);
        }
        return Path.Combine(root.FullName, projectFolder, "bin", configuration, "net10.0", assembly);
    }

    public static int FreePort() => FreePorts.Take(1)[0];
}
