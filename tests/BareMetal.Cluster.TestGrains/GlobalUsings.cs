global using BareMetal.Runtime;
