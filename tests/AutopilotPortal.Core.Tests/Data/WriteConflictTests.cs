using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Data;

public class WriteConflictTests
{
    [Fact]
    public async Task SavingARecordAnotherWriterDeletedFirstThrowsWriteConflict()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var first = await database.CreateDbContextAsync();
        await using var second = await database.CreateDbContextAsync();
        var mine = await first.Tenants.SingleAsync(t => t.Id == TestTenant.Id);
        var theirs = await second.Tenants.SingleAsync(t => t.Id == TestTenant.Id);
        second.Tenants.Remove(theirs);
        await second.SaveChangesAsync();

        mine.DisplayName = "Contoso (renamed)";
        var conflict = await Assert.ThrowsAsync<WriteConflictException>(() => first.SaveChangesAsync());

        Assert.IsType<DbUpdateConcurrencyException>(conflict.InnerException);
        Assert.Contains("changed or deleted by someone else", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronousSaveOfAConflictThrowsWriteConflictToo()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var first = await database.CreateDbContextAsync();
        await using var second = await database.CreateDbContextAsync();
        var mine = await first.Tenants.SingleAsync(t => t.Id == TestTenant.Id);
        await second.Tenants.Where(t => t.Id == TestTenant.Id).ExecuteDeleteAsync();

        first.Tenants.Remove(mine);

        Assert.IsType<DbUpdateConcurrencyException>(Assert.Throws<WriteConflictException>(() => first.SaveChanges()).InnerException);
    }

    [Fact]
    public async Task InsertingAKeyAnotherWriterStoredFirstThrowsWriteConflict()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        db.Tenants.Add(new Tenant { Id = TestTenant.Id, DisplayName = "Contoso again", Domain = "contoso2.onmicrosoft.com" });

        var conflict = await Assert.ThrowsAsync<WriteConflictException>(() => db.SaveChangesAsync());

        Assert.IsType<DbUpdateException>(conflict.InnerException);
        // SQLite says "UNIQUE constraint failed", PostgreSQL "23505: duplicate key value violates unique constraint".
        Assert.Contains("unique", conflict.InnerException.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALocalAccountConflictStaysTheConcurrencyFailureIdentityHandles()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var setup = await database.CreateDbContextAsync())
        {
            setup.Users.Add(new PortalUser { Id = "u1", UserName = "ada", NormalizedUserName = "ADA", ConcurrencyStamp = "one" });
            await setup.SaveChangesAsync();
        }

        await using var first = await database.CreateDbContextAsync();
        await using var second = await database.CreateDbContextAsync();
        var mine = await first.Users.SingleAsync(u => u.Id == "u1");
        var theirs = await second.Users.SingleAsync(u => u.Id == "u1");
        (theirs.IsDisabled, theirs.ConcurrencyStamp) = (true, "two");
        await second.SaveChangesAsync();

        (mine.Role, mine.ConcurrencyStamp) = (PortalRole.Admin, "three");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
    }

    [Fact]
    public async Task AStorageFailureThatIsNoConflictStaysADbUpdateException()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        await StorageFailure.RefuseInsertsAsync(db, "Tenants");
        db.Tenants.Add(new Tenant { Id = Guid.NewGuid(), DisplayName = "Fabrikam", Domain = "fabrikam.onmicrosoft.com" });

        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Contains("simulated storage failure", failure.InnerException?.Message, StringComparison.Ordinal);
    }
}
