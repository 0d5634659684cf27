namespace JitRuntime.Diagnostics;

/// <summary>
/// The stable diagnostic codes. Scripts and CI match on these: a code is never reused for another meaning.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not well-formed JSON (the position is where the parser stopped).</summary>
    public const string MalformedJson = "JIT001";

    /// <summary>The file is empty or holds only white space.</summary>
    public const string EmptyFile = "JIT002";

    /// <summary>The document's top level is not a JSON object.</summary>
    public const string NotAnObject = "JIT003";

    /// <summary>A required key is missing.</summary>
    public const string MissingRequiredKey = "JIT004";

    /// <summary>A value has the wrong JSON type (a string where an integer is expected, ...).</summary>
    public const string WrongValueType = "JIT005";

    /// <summary>A value has the right type but is not allowed: out of range, not in the list, wrong pattern or length.</summary>
    public const string ValueNotAllowed = "JIT006";

    /// <summary>Any other schema rule the document breaks.</summary>
    public const string SchemaViolation = "JIT007";

    /// <summary>The file is larger than the runtime reads.</summary>
    public const string FileTooLarge = "JIT008";

    /// <summary>The file cannot be read: permissions, I/O failure or bytes that are not UTF-8.</summary>
    public const string UnreadableFile = "JIT009";

    /// <summary>A <c>type</c> names neither a registered type nor an element.</summary>
    public const string UnknownType = "JIT010";

    /// <summary>Type elements name each other in a cycle.</summary>
    public const string TypeCycle = "JIT011";

    /// <summary>The type chain ends at a Meta (a family) instead of a Type that implements it.</summary>
    public const string MetaAsInstance = "JIT012";

    /// <summary>The element's type is an element that is itself broken.</summary>
    public const string BrokenType = "JIT013";

    /// <summary><c>frontBundleEntry</c> points outside the element folder (<c>..</c>, an absolute path, a symlink out).</summary>
    public const string BundleEntryOutsideFolder = "JIT020";

    /// <summary><c>frontBundleEntry</c> names a file that does not exist.</summary>
    public const string BundleEntryNotFound = "JIT021";

    /// <summary>The business configuration breaks its type's configuration schema.</summary>
    public const string InvalidConfiguration = "JIT022";

    /// <summary>The type needs a business configuration and no element in the chain names one.</summary>
    public const string MissingConfiguration = "JIT023";

    /// <summary>A folder under <c>elements/</c> is not an identifier, so it cannot be part of a fullName.</summary>
    public const string InvalidFolderName = "JIT030";

    /// <summary>Two elements have the same fullName, ignoring letter case.</summary>
    public const string DuplicateFullName = "JIT031";

    /// <summary>A symbolic link leads back into a folder that contains it; the scan does not follow it.</summary>
    public const string SymlinkLoop = "JIT032";

    /// <summary>A symbolic link under <c>elements/</c> leads out of the app folder; the scan does not follow it.</summary>
    public const string SymlinkOutsideApp = "JIT033";

    /// <summary>A <c>functionList</c> entry names a function the element's Type does not have.</summary>
    public const string UnknownFunction = "JIT050";

    /// <summary>A <c>functionList</c> entry names an arg the function does not have, or gives it another dataType or a larger maxLen.</summary>
    public const string FunctionArgMismatch = "JIT051";

    /// <summary>A <c>functionList</c> lists the same function twice.</summary>
    public const string DuplicateFunction = "JIT052";

    /// <summary>A <c>functionList</c> entry lowers a function's <c>loginRequired</c> from the Type's 1 to 0.</summary>
    public const string LoginRequiredLowered = "JIT053";

    /// <summary>An app's element overrides a parent app's element declared <c>"accessModifier": "protected"</c>.</summary>
    public const string ProtectedOverride = "JIT054";

    /// <summary>A <c>type</c> names a parent app's element declared <c>"accessModifier": "private"</c>, which a child app cannot see.</summary>
    public const string PrivateElement = "JIT055";

    /// <summary>More diagnostics were found than one load reports (per element or in total): this one counts the rest.</summary>
    public const string MoreDiagnostics = "JIT098";

    /// <summary>The app folder, its <c>app.json</c> or its <c>elements/</c> folder is missing.</summary>
    public const string AppNotFound = "JIT040";

    /// <summary>A parent app named in <c>extends</c> cannot be found, or the parents extend each other in a cycle.</summary>
    public const string InvalidExtends = "JIT041";

    /// <summary>A value written <c>${NAME}</c> names an environment variable that is not set.</summary>
    public const string UnsetEnvironmentVariable = "JIT042";

    /// <summary>An <c>app.json</c> setting that names an element (<c>defaultElement.defaultDatabase</c>) names one that does not exist.</summary>
    public const string SettingNamesMissingElement = "JIT043";

    /// <summary>An <c>app.json</c> setting that names an element names one of another family (not a database, say).</summary>
    public const string SettingNamesWrongFamily = "JIT044";

    /// <summary>
    /// A key that neither the common element schema nor the Type's schema knows: usually a typo, which would otherwise
    /// leave the intended key at its default. A warning, an error under <c>--strict</c> (<c>Validation:Strict</c>).
    /// </summary>
    public const string UnknownKey = "JIT045";

    /// <summary>The runtime itself failed on this element (a bug to report); the other elements still load.</summary>
    public const string InternalError = "JIT099";
}
