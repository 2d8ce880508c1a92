namespace BareMetal.Runtime.CodeGenerator.Tests;

/// <summary>Sample sources fed to the generator.</summary>
internal static class Samples
{
    /// <summary>
    /// Every supported shape: all return kinds, inheritance (grain and non-grain bases), overloads,
    /// cancellation, method attributes, keyword names, nested and global types, nullable and generic
    /// argument types, internal interfaces, partial interfaces, and grain classes of every kind.
    /// </summary>
    public const string Rich = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using BareMetal.Runtime;
        using BareMetal.Runtime.Concurrency;
        using BareMetal.Runtime.Serialization;

        namespace Acme
        {
            public interface ICounterGrain : IGrainWithStringKey
            {
                Task<int> Add(int delta);
                Task<int> Add(int delta, int times);
                Task Reset();
                ValueTask<string?> Describe(string? prefix, CancellationToken cancellationToken);
                ValueTask Touch();
                [OneWay] Task Ping(string message);
                [OneWay] ValueTask PingValue(int value);
                [AlwaysInterleave, ReadOnly] Task<int> Peek();
                [ResponseTimeout("00:00:05")] Task<List<string>> Names(List<string> seed, Dictionary<string, int?> counts);
                Task<string> Keywords(int @event, string @class, object? @params);
                Task<int> Echo(int request);
                Task<int> @checked(int @in);
                [Obsolete("kept for old callers")] Task Old();
                Task Fail(string message);
            }

            public interface ILabelled
            {
                Task<string> GetLabel();
            }

            public interface IAdvancedCounterGrain : ICounterGrain, ILabelled
            {
                new Task<int> Add(int delta);
                Task<(int Count, string Label)> Snapshot();
                Task<int[]> Sum(int[] values, IEnumerable<string?> tags, [Immutable] byte[] payload);
                Task<dynamic> Dynamic(dynamic value, List<dynamic> values);
                ValueTask<long?> Maybe(long? value, CancellationToken cancellationToken = default);
                Task Pair((int Count, string? Label) pair, params int[] values);
                Task Defaults(int x = 3, string? s = null, Outer.Payload? payload = null);
            }

            internal interface IInternalGrain : IGrainWithGuidKey
            {
                Task<Guid> Get(CancellationToken cancellationToken);
            }

            public static class Outer
            {
                public sealed class Payload
                {
                    public string Text { get; set; } = "";
                }

                public interface INestedGrain : IGrainWithIntegerKey
                {
                    Task<Payload?> Echo(Payload payload);
                }

                public sealed class NestedGrain : INestedGrain
                {
                    public Task<Payload?> Echo(Payload payload) => Task.FromResult<Payload?>(payload);
                }
            }

            public partial interface IPartialGrain : IGrainWithStringKey
            {
                Task A();
            }

            public partial interface IPartialGrain
            {
                Task B();
            }

            public class CounterGrain : ICounterGrain
            {
                private int _value;

                public Task<int> Add(int delta) => Task.FromResult(_value += delta);
                public Task<int> Add(int delta, int times) => Task.FromResult(_value += delta * times);
                public Task Reset() { _value = 0; return Task.CompletedTask; }
                public async ValueTask<string?> Describe(string? prefix, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    cancellationToken.ThrowIfCancellationRequested();
                    return prefix is null ? null : prefix + _value;
                }
                public ValueTask Touch() => default;
                public Task Ping(string message) => Task.CompletedTask;
                public ValueTask PingValue(int value) => default;
                public Task<int> Peek() => Task.FromResult(_value);
                public Task<List<string>> Names(List<string> seed, Dictionary<string, int?> counts) => Task.FromResult(seed);
                public Task<string> Keywords(int @event, string @class, object? @params) => Task.FromResult(@class + @event + @params);
                public Task<int> Echo(int request) => Task.FromResult(request);
                public Task<int> @checked(int @in) => Task.FromResult(@in);
                public Task Old() => Task.CompletedTask;
                public Task Fail(string message) => throw new InvalidOperationException(message);
            }

            public class DerivedCounterGrain : CounterGrain, IInternalGrain, IDisposable
            {
                public Task<Guid> Get(CancellationToken cancellationToken) => Task.FromResult(Guid.Empty);
                public void Dispose() { }
            }

            public abstract class AbstractInternalGrain : IInternalGrain
            {
                public abstract Task<Guid> Get(CancellationToken cancellationToken);
            }

            public class GenericInternalGrain<T> : IInternalGrain
            {
                public Task<Guid> Get(CancellationToken cancellationToken) => Task.FromResult(Guid.NewGuid());
            }

            internal sealed partial class PartialGrain : IPartialGrain
            {
                public Task A() => Task.CompletedTask;
            }

            internal sealed partial class PartialGrain
            {
                public Task B() => Task.CompletedTask;
            }

            public sealed class NotAGrain : IDisposable
            {
                public void Dispose() { }
            }
        }

        public interface IGlobalGrain : IGrain
        {
            Task Hello();
        }

        public interface IEmptyGrain : IGrainWithStringKey
        {
        }

        public sealed class GlobalGrain : IGlobalGrain, IEmptyGrain
        {
            public Task Hello() => Task.CompletedTask;
        }
        """;

    /// <summary>A grain interface wrapper for one member, used by the diagnostic tests.</summary>
    public static string InterfaceWithMember(string member) => $$"""
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using BareMetal.Runtime;
        using BareMetal.Runtime.Concurrency;

        namespace Acme
        {
            public interface IBadGrain : IGrainWithStringKey
            {
                Task Fine();
                {{member}}
            }

            public interface IGoodGrain : IGrainWithStringKey
            {
                Task<int> Works(int value);
            }
        }
        """;
}
