using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BareMetal.Runtime.Tests.Grains;

public enum RackPosition
{
    Top,
    Middle,
    Bottom,
}

/// <summary>A grain state using what grain states use: enums (plain and nullable), dates, immutable collections, records, a field.</summary>
public sealed record InventoryState
{
    public string Site { get; init; } = string.Empty;

    public RackPosition Position { get; init; }

    public RackPosition? PreviousPosition { get; init; }

    public DateTimeOffset CountedAt { get; init; }

    public DateTimeOffset? AuditedAt { get; init; }

    public ImmutableList<InventoryLine> Lines { get; init; } = [];

    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    public long Version { get; init; }

#pragma warning disable CA1051 // A public field on purpose: the silo serializer includes fields, and so must a generated writer.
    public int Shelf;
#pragma warning restore CA1051
}

public sealed record InventoryLine(string Part, int Count, RackPosition Position, DateTimeOffset At)
{
    public string? Note { get; init; }
}

/// <summary>Writes <see cref="InventoryState"/> with generated code, declared as the silo serializer requires.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, IncludeFields = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InventoryState))]
public sealed partial class InventoryJsonContext : JsonSerializerContext;

/// <summary>A state that holds a grain reference: only the silo serializer knows how to write one.</summary>
public sealed record ShelfAssignment
{
    public string Shelf { get; init; } = string.Empty;

    public IProfileGrain? Owner { get; init; }
}

/// <summary>Lists a state holding a grain reference, which the silo must not write with it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, IncludeFields = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ShelfAssignment))]
public sealed partial class ShelfJsonContext : JsonSerializerContext;

public interface IShelfGrain : IGrainWithStringKey
{
    Task Assign(string shelf, IProfileGrain owner);
}

public sealed class ShelfGrain([PersistentState("shelf")] IPersistentState<ShelfAssignment> assignment) : Grain, IShelfGrain
{
    public async Task Assign(string shelf, IProfileGrain owner)
    {
        assignment.State = new ShelfAssignment { Shelf = shelf, Owner = owner };
        await assignment.WriteStateAsync();
    }
}

/// <summary>A context whose names differ from the silo serializer's: rows it wrote would not read back.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, IncludeFields = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InventoryState))]
public sealed partial class CamelCaseInventoryJsonContext : JsonSerializerContext;

public interface IInventoryGrain : IGrainWithStringKey
{
    Task Set(InventoryState state);

    Task<InventoryState> Get();

    Task Deactivate();
}

public sealed class InventoryGrain([PersistentState("inventory")] IPersistentState<InventoryState> inventory) : Grain, IInventoryGrain
{
    public async Task Set(InventoryState state)
    {
        inventory.State = state;
        await inventory.WriteStateAsync();
    }

    public Task<InventoryState> Get() => Task.FromResult(inventory.State);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
