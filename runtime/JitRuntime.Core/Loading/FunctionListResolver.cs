using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Loading;

/// <summary>
/// Works out each element's effective functionList: its C# Type's functions, narrowed and annotated by the
/// <c>functionList</c> of every declaration in its chain, deepest Type element first. A declaration may list fewer
/// functions, retitle them and their args, shorten a text arg's <c>maxLen</c> and raise <c>loginRequired</c> to 1; it may
/// not name a function or arg the Type lacks, change a dataType, list a function twice or lower <c>loginRequired</c>.
/// Each element reports the problems of its own <c>e.json</c> only (a Type element reports its own).
/// </summary>
internal static class FunctionListResolver
{
    public static void Resolve(ElementDraft draft)
    {
        if (draft.Implementation is not { } implementation)
        {
            return;
        }

        var chain = new List<ElementDraft>();
        for (var step = draft; step is not null && chain.Count <= 64; step = step.TypeElement)
        {
            chain.Add(step);
        }

        var functions = TypeFunctions.Of(implementation.ClrType);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (chain[i].Declaration?["functionList"] is JArray declared)
            {
                functions = Narrow(functions, declared, implementation.Name, i == 0 ? draft : null);
            }
        }

        draft.Functions = functions;
    }

    private static List<ElementFunction> Narrow(IReadOnlyList<ElementFunction> available, JArray declared, string typeName, ElementDraft? report)
    {
        var byName = available.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var result = new List<ElementFunction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in declared.OfType<JObject>())
        {
            if (entry["name"] is not JValue { Type: JTokenType.String } nameToken)
            {
                continue; // The schema check reports it.
            }

            var name = (string)nameToken!;
            if (!seen.Add(name))
            {
                Report(report, nameToken, DiagnosticCodes.DuplicateFunction, $"functionList lists '{name}' twice; each function appears once");
                continue;
            }

            if (!byName.TryGetValue(name, out var function))
            {
                var suggestions = NameSuggester.Suggest(name, byName.Keys);
                Report(report, nameToken, DiagnosticCodes.UnknownFunction,
                    $"functionList names '{name}', which type '{typeName}' does not have" +
                    (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : "") +
                    (byName.Count > 0 ? $" (it has: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))})" : " (it has no functions)"));
                continue;
            }

            result.Add(Annotate(function, entry, report));
        }

        return result;
    }

    private static ElementFunction Annotate(ElementFunction function, JObject entry, ElementDraft? report)
    {
        var loginRequired = function.LoginRequired;
        if (entry["loginRequired"] is JValue { Type: JTokenType.Integer } declaredLogin)
        {
            var value = (long)declaredLogin;
            if (value == 0 && function.LoginRequired)
            {
                Report(report, declaredLogin, DiagnosticCodes.LoginRequiredLowered,
                    $"function '{function.Name}' has loginRequired 1 in its Type; an element may raise loginRequired, never lower it");
            }

            loginRequired |= value == 1;
        }

        var args = function.Args.ToList();
        if (entry["args"] is JArray declaredArgs)
        {
            foreach (var argEntry in declaredArgs.OfType<JObject>())
            {
                if (argEntry["name"] is not JValue { Type: JTokenType.String } argName)
                {
                    continue;
                }

                var index = args.FindIndex(a => a.Name == (string)argName!);
                if (index < 0)
                {
                    Report(report, argName, DiagnosticCodes.FunctionArgMismatch,
                        $"function '{function.Name}' has no arg '{argName}'; its args are: {function.Signature}");
                    continue;
                }

                var arg = args[index];
                if (argEntry["dataType"] is JValue { Type: JTokenType.String } dataType && (string)dataType! != arg.DataType)
                {
                    Report(report, dataType, DiagnosticCodes.FunctionArgMismatch,
                        $"arg '{arg.Name}' of function '{function.Name}' is {arg.DataType}, not '{dataType}'");
                    continue;
                }

                var maxLen = arg.MaxLen;
                if (argEntry["maxLen"] is JValue { Type: JTokenType.Integer } declaredMax)
                {
                    var max = (int)Math.Min((long)declaredMax, int.MaxValue);
                    if (arg.DataType is not (ElementDataTypes.Stext or ElementDataTypes.Ltext))
                    {
                        Report(report, declaredMax, DiagnosticCodes.FunctionArgMismatch, $"arg '{arg.Name}' is {arg.DataType}: maxLen applies to text only");
                    }
                    else if (arg.MaxLen is { } typeMax && max > typeMax)
                    {
                        Report(report, declaredMax, DiagnosticCodes.FunctionArgMismatch,
                            $"arg '{arg.Name}' of function '{function.Name}' takes at most {typeMax} characters; maxLen may lower that, not raise it");
                    }
                    else
                    {
                        maxLen = max;
                    }
                }

                args[index] = arg with { Title = (string?)argEntry["title"] ?? arg.Title, MaxLen = maxLen };
            }
        }

        return function with
        {
            Title = entry["title"] is JValue { Type: JTokenType.String } title ? (string)title! : function.Title,
            Args = args,
            LoginRequired = loginRequired,
        };
    }

    private static void Report(ElementDraft? draft, JToken at, string code, string message)
    {
        if (draft is null)
        {
            return;
        }

        var (line, column) = LineInfo.Of(at);
        draft.Diagnostics.Add(Diagnostic.Error(draft.Source.DisplayPath, line, column, code, message));
    }
}
