namespace BkConsole.Logs.Diagnosis;

/// <summary>A data-rule condition over the event kinds of one boot: <c>any K1 K2</c> or <c>all K1 K2</c>.</summary>
public sealed record FindingCondition(bool All, IReadOnlyList<string> Kinds)
{
    public bool Matches(BootView boot) =>
        All ? Kinds.All(boot.Has) : Kinds.Any(boot.Has);

    public override string ToString() => (All ? "all " : "any ") + string.Join(' ', Kinds);
}
