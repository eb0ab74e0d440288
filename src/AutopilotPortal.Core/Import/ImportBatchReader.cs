using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// The first stage of an import: reads a CSV's rows, validates each (<see cref="RegistrationValidator"/>),
/// marks hardware repeated within the file and rows past <see cref="ImportOptions.MaxRows"/>, and hands
/// them on in batches to <see cref="ImportBatchWriter"/>.
/// </summary>
internal static class ImportBatchReader
{
    /// <summary>
    /// Reads rows, validates them and marks repeats of hardware seen earlier in the same file,
    /// stopping at lines lost to a quote that are not among <paramref name="acceptedLostLines"/> (unless that is
    /// null, as for a preview, which reports them),
    /// yielding batches of the configured size. The first batches are smaller (an eighth of it,
    /// doubling): the writer has nothing to do until the first batch is decided, so a small one
    /// starts it sooner.
    /// </summary>
    public static async IAsyncEnumerable<List<PreparedRegistration>> ReadAsync(
        DeviceCsvReader reader,
        ImportOptions options,
        IReadOnlyCollection<LostLines>? acceptedLostLines,
        HashSet<int> windows1252Rows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var accepted = acceptedLostLines?.Select(l => (l.FirstLine, l.LastLine)).ToHashSet();
        var seenByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenByTpm = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var batchSize = Math.Max(1, options.BatchSize / 8);
        var batch = new List<PreparedRegistration>(batchSize);
        await using var rows = reader.ReadRowsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            // A row the reader cannot read stops the file, but the rows read before it are
            // still registered: the batch in hand goes out before the failure does.
            ExceptionDispatchInfo? unreadable = null;
            try
            {
                if (!await rows.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                unreadable = ExceptionDispatchInfo.Capture(ex);
            }

            if (unreadable is not null)
            {
                if (batch.Count > 0)
                {
                    yield return batch;
                }

                unreadable.Throw();
            }

            var row = rows.Current;
            if (row.Lost is { } lost && accepted is not null && !accepted.Contains((lost.FirstLine, lost.LastLine)))
            {
                if (batch.Count > 0)
                {
                    yield return batch;
                }

                throw new InvalidDataException(
                    $"{lost.Reason} These lines were not among those accepted in the preview, so the import stopped at line {lost.FirstLine:N0}; preview the file again to see what it loses.");
            }

            count++;
            var request = new RegistrationRequest(row.LineNumber, row.SerialNumber, row.ProductKey, row.HardwareHash,
                row.GroupTag, row.AssignedUser, Manufacturer: row.Manufacturer, Model: row.Model);
            PreparedRegistration prepared;
            if (row.Problem is not null)
            {
                prepared = new PreparedRegistration(request, null, null, new RegistrationError(RegistrationErrorKind.InvalidZtdRequestBody, row.Problem), null);
            }
            else if (count > options.MaxRows)
            {
                prepared = new PreparedRegistration(request, null, null, new RegistrationError(RegistrationErrorKind.InvalidZtdRequestBody,
                    $"The file has more than {options.MaxRows:N0} rows, the limit set by Import:MaxRows; this row was not imported. Split the file and import the rest separately."), null);
            }
            else
            {
                prepared = RegistrationValidator.Prepare(request);
                if (prepared.Identity is { } identity)
                {
                    if (seenByKey.TryGetValue(identity.HardwareKey, out var first)
                        || (identity.TpmMatchKey is { } tpm && seenByTpm.TryGetValue(tpm, out first)))
                    {
                        prepared = prepared.AsDuplicateOf(first);
                    }
                    else
                    {
                        seenByKey[identity.HardwareKey] = row.LineNumber;
                        if (identity.TpmMatchKey is { } tpmKey)
                        {
                            seenByTpm[tpmKey] = row.LineNumber;
                        }
                    }
                }
            }

            if (row.HasWindows1252Bytes)
            {
                windows1252Rows.Add(row.LineNumber);
            }

            batch.Add(prepared);
            if (batch.Count >= batchSize)
            {
                yield return batch;
                batchSize = Math.Min(batchSize * 2, options.BatchSize);
                batch = new List<PreparedRegistration>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
