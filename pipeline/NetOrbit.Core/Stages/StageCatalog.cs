using System.Reflection;
using System.Runtime.Loader;

namespace NetOrbit.Stages;

/// <summary>
/// The stages a run can use, by name: the built-in ones and those of plugin assemblies, which
/// name their factories with <see cref="NetOrbitStageAttribute"/>.
/// </summary>
public sealed class StageCatalog
{
    private readonly Dictionary<string, IStageFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Creates a catalogue holding <paramref name="factories"/>.</summary>
    public StageCatalog(IEnumerable<IStageFactory> factories)
    {
        foreach (var f in factories)
        {
            Add(f, "built-in");
        }
    }

    /// <summary>Registered names, sorted.</summary>
    public IEnumerable<string> Names => _factories.Keys.Order(StringComparer.Ordinal);

    /// <summary>The factory registered under <paramref name="name"/>, or null.</summary>
    public IStageFactory? Find(string name) => _factories.GetValueOrDefault(name);

    /// <summary>Loads the stage factories named by <paramref name="assemblyPath"/>'s <see cref="NetOrbitStageAttribute"/>s.</summary>
    /// <exception cref="PluginException">The file is missing, not a .NET assembly, or names no valid factory.</exception>
    public void LoadPlugin(string assemblyPath)
    {
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
        {
            throw new PluginException(assemblyPath, "file not found");
        }

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new PluginException(assemblyPath, "not a .NET assembly");
        }

        var attributes = assembly.GetCustomAttributes<NetOrbitStageAttribute>().ToList();
        if (attributes.Count == 0)
        {
            throw new PluginException(assemblyPath, "the assembly has no [assembly: NetOrbitStage(typeof(...))] attribute");
        }

        foreach (var a in attributes)
        {
            if (!typeof(IStageFactory).IsAssignableFrom(a.FactoryType) || a.FactoryType.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new PluginException(assemblyPath, $"{a.FactoryType.FullName} must implement IStageFactory and have a public parameterless constructor");
            }

            Add((IStageFactory)Activator.CreateInstance(a.FactoryType)!, assemblyPath);
        }
    }

    private void Add(IStageFactory factory, string source)
    {
        if (!_factories.TryAdd(factory.Name, factory))
        {
            throw new PluginException(source, $"a stage named '{factory.Name}' is already registered");
        }
    }

    /// <summary>Resolves the plugin's own dependencies from its folder and shares NetOrbit's assemblies with the host.</summary>
    private sealed class PluginLoadContext(string path) : AssemblyLoadContext(isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (Default.Assemblies.FirstOrDefault(a => a.GetName().Name == assemblyName.Name) is { } shared)
            {
                return shared;
            }

            var p = _resolver.ResolveAssemblyToPath(assemblyName);
            return p is null ? null : LoadFromAssemblyPath(p);
        }
    }
}
