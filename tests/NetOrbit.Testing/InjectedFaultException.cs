namespace NetOrbit.Testing;

/// <summary>The exception the kit's fault check injects into a stage; the pipeline must report it as that stage's failure.</summary>
internal sealed class InjectedFaultException(string stage, string where)
    : Exception($"conformance kit: fault injected into stage '{stage}' in {where}");
