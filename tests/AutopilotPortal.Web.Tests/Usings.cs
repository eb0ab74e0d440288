global using Bunit;
global using AutopilotPortal.Web.Tests.Support;
