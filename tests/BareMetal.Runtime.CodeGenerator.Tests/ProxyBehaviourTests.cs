using System.Reflection;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Manifest;

namespace BareMetal.Runtime.CodeGenerator.Tests;

public sealed class ProxyBehaviourTests : IDisposable
{
    private static readonly GrainId CounterId = GrainId.Create("counter", "a");

    private readonly SampleAssembly _sample = SampleAssembly.Load();
    private readonly GrainManifestBuilder _manifest;
    private readonly RecordingCallRuntime _runtime = new();

    public ProxyBehaviourTests() => _manifest = new GrainManifestBuilder().AddAssembly(_sample.Assembly);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task Proxy_MethodWithResult_SendsATypedRequestAndReturnsTheRuntimesResult()
    {
        _runtime.Result = 42;
        var proxy = CreateProxy("Acme.ICounterGrain");

        var result = await Call<Task<int>>(proxy, "Acme.ICounterGrain", "Add", [typeof(int)], 5);

        Assert.Equal(42, result);
        var call = Assert.Single(_runtime.Calls);
        Assert.Same(proxy, call.Target);
        Assert.False(call.IsOneWay);
        var request = call.Request;
        Assert.IsAssignableFrom<Request<int>>(request);
        Assert.Equal("Add", request.MethodName);
        Assert.Equal(0, request.MethodId);
        Assert.Same(_manifest.Interfaces[_sample.Type("Acme.ICounterGrain")].Info, request.Interface);
        Assert.Equal(InvokeMethodOptions.None, request.Options);
        Assert.Null(request.ResponseTimeout);
        Assert.Equal(1, request.ArgumentCount);
        Assert.Equal(5, request.GetArgument(0));
        Assert.Equal(typeof(int), request.GetArgumentType(0));
        Assert.True(request.HasResult);
        Assert.Equal(typeof(int), request.ResultType);
    }

    [Fact]
    public async Task Request_InvokeOnGrain_DeliversTheTypedResultToTheSink()
    {
        _runtime.Result = 0;
        var proxy = CreateProxy("Acme.ICounterGrain");
        await Call<Task<int>>(proxy, "Acme.ICounterGrain", "Add", [typeof(int), typeof(int)], 3, 4);
        var request = Assert.Single(_runtime.Calls).Request;
        var grain = _sample.CreateInstance("Acme.CounterGrain");
        var sink = new RecordingResponseSink<int>();

        await request.Invoke(grain, sink);

        Assert.True(sink.HasTypedResult);
        Assert.False(sink.HasBoxedResult);
        Assert.Equal(12, sink.Result);
        Assert.Null(sink.Exception);
        Assert.Equal(1, request.MethodId);
    }

    [Fact]
    public async Task Request_GrainMethodThrows_DeliversTheExceptionToTheSink()
    {
        var proxy = CreateProxy("Acme.ICounterGrain");
        await Call<Task>(proxy, "Acme.ICounterGrain", "Fail", [typeof(string)], "boom");
        var request = Assert.Single(_runtime.Calls).Request;
        var sink = new RecordingResponseSink<object>();

        await request.Invoke(_sample.CreateInstance("Acme.CounterGrain"), sink);

        Assert.Equal("boom", Assert.IsType<InvalidOperationException>(sink.Exception).Message);
        Assert.False(sink.HasBoxedResult);
    }

    [Fact]
    public async Task Proxy_CancellableMethod_StoresTheTokenOutsideTheArguments()
    {
        _runtime.Result = "ignored";
        var proxy = CreateProxy("Acme.ICounterGrain");
        using var cancellation = new CancellationTokenSource();

        await Call<ValueTask<string?>>(proxy, "Acme.ICounterGrain", "Describe", [typeof(string), typeof(CancellationToken)], "n=", cancellation.Token);

        var request = Assert.Single(_runtime.Calls).Request;
        Assert.Equal(InvokeMethodOptions.Cancellable, request.Options);
        Assert.Equal(1, request.ArgumentCount);
        Assert.Equal("n=", request.GetArgument(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetArgument(1));
        Assert.Equal(cancellation.Token, request.GetCancellationToken());

        var sink = new RecordingResponseSink<string?>();
        await request.Invoke(_sample.CreateInstance("Acme.CounterGrain"), sink);
        Assert.Equal("n=0", sink.Result);

        request.SetCancellationToken(new CancellationToken(canceled: true));
        var cancelledSink = new RecordingResponseSink<string?>();
        await request.Invoke(_sample.CreateInstance("Acme.CounterGrain"), cancelledSink);
        Assert.IsType<OperationCanceledException>(cancelledSink.Exception, exactMatch: false);
    }

    [Fact]
    public async Task Proxy_OneWayMethod_SendsOneWayAndCompletesAtOnce()
    {
        var proxy = CreateProxy("Acme.ICounterGrain");

        var task = Call<Task>(proxy, "Acme.ICounterGrain", "Ping", [typeof(string)], "hi");
        var valueTask = Call<ValueTask>(proxy, "Acme.ICounterGrain", "PingValue", [typeof(int)], 7);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.True(valueTask.IsCompletedSuccessfully);
        await task;
        Assert.Equal(2, _runtime.Calls.Count);
        Assert.All(_runtime.Calls, call => Assert.True(call.IsOneWay));
        Assert.All(_runtime.Calls, call => Assert.Equal(InvokeMethodOptions.OneWay, call.Request.Options));
        Assert.Equal("hi", _runtime.Calls[0].Request.GetArgument(0));
        Assert.Equal(7, _runtime.Calls[1].Request.GetArgument(0));
    }

    [Fact]
    public async Task Proxy_AttributedMethods_CarryTheirOptionsAndTimeout()
    {
        _runtime.Result = 0;
        var proxy = CreateProxy("Acme.ICounterGrain");

        await Call<Task<int>>(proxy, "Acme.ICounterGrain", "Peek", []);
        _runtime.Result = new List<string>();
        await Call<Task<List<string>>>(proxy, "Acme.ICounterGrain", "Names", [typeof(List<string>), typeof(Dictionary<string, int?>)], new List<string>(), new Dictionary<string, int?>());

        Assert.Equal(InvokeMethodOptions.AlwaysInterleave | InvokeMethodOptions.ReadOnly, _runtime.Calls[0].Request.Options);
        Assert.Null(_runtime.Calls[0].Request.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), _runtime.Calls[1].Request.ResponseTimeout);
        Assert.Equal(typeof(Dictionary<string, int?>), _runtime.Calls[1].Request.GetArgumentType(1));
    }

    [Fact]
    public async Task Proxy_DerivedInterface_SendsInheritedMethodsAsItsOwnRequests()
    {
        var proxy = CreateProxy("Acme.IAdvancedCounterGrain");

        await Call<Task>(proxy, "Acme.ICounterGrain", "Reset", []);

        var request = Assert.Single(_runtime.Calls).Request;
        Assert.Equal("Reset", request.MethodName);
        Assert.Equal("Acme.IAdvancedCounterGrain", request.Interface.Name);
        Assert.Equal(request.MethodName, request.Interface.MethodNames[request.MethodId]);
        var sink = new RecordingResponseSink<object>();
        await request.Invoke(_sample.CreateInstance("Acme.CounterGrain"), sink);
        Assert.True(sink.HasBoxedResult);
        Assert.Null(sink.BoxedResult);
    }

    [Fact]
    public void Info_CreateRequest_BuildsAnEmptyRequestForEveryMethodId()
    {
        foreach (var registration in _manifest.Interfaces.Values)
        {
            var info = registration.Info;
            Assert.Equal(registration.Info.InterfaceType.FullName, info.Name);
            for (var id = 0; id < info.MethodNames.Count; id++)
            {
                var request = info.CreateRequest(id);
                Assert.Equal(id, request.MethodId);
                Assert.Equal(info.MethodNames[id], request.MethodName);
                Assert.Same(info, request.Interface);
            }

            Assert.Throws<ArgumentOutOfRangeException>(() => info.CreateRequest(info.MethodNames.Count));
        }
    }

    [Fact]
    public void Request_SetArgument_RoundTripsThroughGetArgument()
    {
        var info = _manifest.Interfaces[_sample.Type("Acme.ICounterGrain")].Info;
        var keywords = info.CreateRequest(Enumerable.Range(0, info.MethodNames.Count).Single(id => info.MethodNames[id] == "Keywords"));

        keywords.SetArgument(0, 3);
        keywords.SetArgument(1, "x");
        keywords.SetArgument(2, null);

        Assert.Equal(3, keywords.ArgumentCount);
        Assert.Equal([3, "x", null], Enumerable.Range(0, 3).Select(keywords.GetArgument));
        Assert.Equal([typeof(int), typeof(string), typeof(object)], Enumerable.Range(0, 3).Select(keywords.GetArgumentType));
    }

    [Fact]
    public void Request_CopyArguments_ReplacesEachArgumentExceptTheCancellationToken()
    {
        var info = _manifest.Interfaces[_sample.Type("Acme.IAdvancedCounterGrain")].Info;
        var sum = info.CreateRequest(Enumerable.Range(0, info.MethodNames.Count).Single(id => info.MethodNames[id] == "Sum"));
        var values = new[] { 1, 2 };
        var payload = new byte[] { 9 };
        sum.SetArgument(0, values);
        sum.SetArgument(1, new List<string?>());
        sum.SetArgument(2, payload);
        var copier = new CountingCopier();

        sum.CopyArguments(copier);

        Assert.Equal(2, copier.Copies);
        Assert.NotSame(values, sum.GetArgument(0));
        Assert.Same(payload, sum.GetArgument(2));
    }

    [Fact]
    public void Manifest_AddAssembly_RegistersGrainClassesWithTheirInterfaces()
    {
        var registration = _manifest.Classes[_sample.Type("Acme.DerivedCounterGrain")];

        Assert.Equal([_sample.Type("Acme.ICounterGrain"), _sample.Type("Acme.IInternalGrain")], registration.Interfaces);
        Assert.Equal(7, _manifest.Interfaces.Count);
        Assert.True(_manifest.Interfaces.ContainsKey(_sample.Type("Acme.Outer+INestedGrain")));
    }

    private GrainReference CreateProxy(string interfaceName)
    {
        var proxy = _manifest.Interfaces[_sample.Type(interfaceName)].CreateProxy(_runtime, CounterId);
        Assert.IsAssignableFrom(_sample.Type(interfaceName), proxy);
        Assert.Equal(CounterId, proxy.GrainId);
        return proxy;
    }

    private T Call<T>(GrainReference proxy, string interfaceName, string method, Type[] parameterTypes, params object?[] arguments)
    {
        var target = _sample.Type(interfaceName).GetMethod(method, BindingFlags.Public | BindingFlags.Instance, parameterTypes)
            ?? throw new MissingMethodException(interfaceName, method);
        return (T)target.Invoke(proxy, arguments)!;
    }

    private sealed class CountingCopier : Serialization.IDeepCopier
    {
        public int Copies { get; private set; }

        public T Copy<T>(T value)
        {
            Copies++;
            return value is Array array ? (T)array.Clone() : value;
        }
    }
}
