namespace AutopilotPortal.Core;

/// <summary>
/// A write lost to another one: the record was changed or deleted since it was read, or another
/// writer stored the same key first. Nothing of the refused save was written; reading the record
/// again and repeating the change is safe. <see cref="Exception.InnerException"/> holds the
/// storage's own error.
/// </summary>
public sealed class WriteConflictException(string message, Exception innerException) : Exception(message, innerException);
