// Portal scripts: none needed yet beyond Blazor and MudBlazor.
