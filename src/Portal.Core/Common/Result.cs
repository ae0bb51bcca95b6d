namespace Portal.Core.Common;

/// <summary>A problem with one field of the input, shown next to that field.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// An expected business failure: a stable, machine-readable <see cref="Code"/> (contract §4)
/// and a message for people that says what is wrong and how to fix it.
/// </summary>
public sealed record Error(string Code, string Message)
{
    /// <summary>The offending fields, when the error is about particular fields.</summary>
    public IReadOnlyList<FieldError> Fields { get; init; } = [];
}

/// <summary>The outcome of an operation that can fail in an expected way.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;
    private readonly Error? _error;
    private readonly bool _isSuccess;

    private Result(T? value, Error? error)
    {
        _value = value;
        _error = error;
        _isSuccess = error is null;
    }

    /// <summary>False for a failure, and for <c>default</c>, which is neither a value nor an error.</summary>
    public bool IsSuccess => _isSuccess;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {_error?.Code ?? "default result"}");

    public Error Error => _error ?? throw new InvalidOperationException("The result holds no error.");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);
}
