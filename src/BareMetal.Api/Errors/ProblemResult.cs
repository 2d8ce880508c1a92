using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Errors;

/// <summary>A problem+json answer as an <see cref="IResult"/>.</summary>
internal sealed class ProblemResult(ApiProblemException problem) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => problem.Status;

    public Task ExecuteAsync(HttpContext httpContext) => ApiProblems.Write(httpContext, problem);
}
