// bm: the BareMetal operator command line. See docs/cli.md.
return await BareMetal.Cli.BmCommandLine.RunAsync(args);
