namespace Portal;

/// <summary>
/// The portal's texts: the English text is the key (a missing translation shows it), and
/// <c>Resources/SharedResource.&lt;culture&gt;.resx</c> files translate it.
/// </summary>
public sealed class SharedResource;
