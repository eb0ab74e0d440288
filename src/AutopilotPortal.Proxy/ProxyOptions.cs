using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Proxy;

/// <summary>The proxy's settings, section <c>Proxy</c>.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>The address the proxy listens on.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Where the proxy listens (<c>Proxy:Url</c>); port 0 lets the system pick one.</summary>
    [Required]
    public string Url { get; set; } = DefaultUrl;

    /// <summary>The portal instances' roots (<c>Proxy:Instances:0</c>, <c>Proxy:Instances:1</c>, …), at least two.</summary>
    [MinLength(2, ErrorMessage = "Proxy:Instances needs at least two portal instances, e.g. --Proxy:Instances:0 http://127.0.0.1:5101 --Proxy:Instances:1 http://127.0.0.1:5102.")]
    public List<string> Instances { get; set; } = [];

    /// <summary>How often each instance's <c>/health</c> is asked (<c>Proxy:HealthCheckInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an instance that could not be reached by a request stays out of rotation before requests may try it
    /// again (<c>Proxy:ReactivationPeriod</c>), however its <c>/health</c> answers meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var instance in Instances)
        {
            if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"Proxy:Instances: '{instance}' is not an http or https address.", [nameof(Instances)]);
            }
        }

        if (Instances.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Instances.Count)
        {
            yield return new ValidationResult("Proxy:Instances names the same instance twice.", [nameof(Instances)]);
        }
    }
}
