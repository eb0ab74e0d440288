using AutopilotPortal.Proxy;
using Microsoft.Extensions.Options;

try
{
    await PortalProxy.Create(args).RunAsync();
}
catch (OptionsValidationException ex)
{
    // A setting the proxy cannot start with: the lines that name it, not a stack trace.
    Console.Error.WriteLine($"The proxy cannot start. {string.Join(Environment.NewLine, ex.Failures)}");
    Environment.ExitCode = 1;
}
