using System.Reflection;

namespace NetOrbit;

/// <summary>Version information written into manifests and table metadata.</summary>
public static class NetOrbitInfo
{
    /// <summary>Informational version of the NetOrbit core assembly (without the source revision).</summary>
    public static string Version { get; } =
        (typeof(NetOrbitInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
