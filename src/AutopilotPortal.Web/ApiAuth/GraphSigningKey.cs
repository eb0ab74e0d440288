using System.Security.Cryptography;
using AutopilotPortal.Core.ApiClients;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>The database's token-signing key as IdentityModel uses it, loaded once per instance.</summary>
internal sealed class GraphSigningKey(SigningKeyStore store) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RSA? _rsa;
    private RsaSecurityKey? _key;

    /// <summary>The private key (signs); its public half validates and is published as the JWKS.</summary>
    public async Task<RsaSecurityKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                var material = await store.GetAsync(cancellationToken);
                _rsa = RSA.Create();
                _rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
                _key = new RsaSecurityKey(_rsa) { KeyId = material.KeyId };
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The public key as a JSON Web Key, the way Entra's <c>discovery/v2.0/keys</c> lists one.</summary>
    public async Task<Dictionary<string, object>> PublicJwkAsync(string issuer, CancellationToken cancellationToken)
    {
        var key = await GetAsync(cancellationToken);
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["issuer"] = issuer,
        };
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _gate.Dispose();
    }
}
