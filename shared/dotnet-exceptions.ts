/**
 * One plain sentence for the .NET exception types that end most CLR20r3 reports, so support staff
 * can read "FileNotFoundException" as "a file or DLL was missing". Meanings follow the types'
 * documentation on learn.microsoft.com; types not listed get no sentence rather than a guess.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  'System.NullReferenceException': 'The code used an object that was not there (a null reference): a bug in the program.',
  'System.IO.FileNotFoundException': 'A file or a DLL (assembly) the program needed was not found: a damaged install or a missing file.',
  'System.IO.DirectoryNotFoundException': 'A folder the program needed was not found.',
  'System.IO.IOException': 'A file, disk or network read or write failed, or a file was in use by another program.',
  'System.IO.FileLoadException': 'A DLL (assembly) was found but could not be loaded, often a version mismatch or a blocked file.',
  'System.UnauthorizedAccessException': 'Windows refused access to a file, folder or registry key.',
  'System.OutOfMemoryException': 'The program could not get the memory it asked for.',
  'System.StackOverflowException': 'The program called itself too deeply (endless recursion) and ran out of stack.',
  'System.InvalidOperationException': 'The code did something that is not allowed in the current state of an object: a bug in the program.',
  'System.ArgumentException': 'A method was given an invalid argument: a bug in the program or bad input data.',
  'System.ArgumentNullException': 'A method was given nothing (null) where it needed a value: a bug in the program.',
  'System.ArgumentOutOfRangeException': 'A method was given a value outside the allowed range (an index past the end of a list, for example).',
  'System.IndexOutOfRangeException': 'The code read past the end of an array: a bug in the program.',
  'System.InvalidCastException': 'The code treated an object as a type it is not: a bug in the program.',
  'System.FormatException': 'Text was not in the expected format (a number or date that could not be read), often from a settings file or user input.',
  'System.TypeInitializationException': 'A class failed to set itself up; the real cause is the inner exception, usually a missing file or bad configuration.',
  'System.BadImageFormatException': 'A DLL is damaged, or built for the other architecture (32-bit vs 64-bit).',
  'System.MissingMethodException': 'A DLL has a different version than the program was built with.',
  'System.MissingFieldException': 'A DLL has a different version than the program was built with.',
  'System.DllNotFoundException': 'A native DLL the program calls into was not found.',
  'System.EntryPointNotFoundException': 'A native DLL does not have the function the program expected (wrong version).',
  'System.AccessViolationException': 'Native code read or wrote memory it was not allowed to touch (memory corruption).',
  'System.Runtime.InteropServices.SEHException': 'Native code called from .NET crashed with a Windows exception.',
  'System.Runtime.InteropServices.COMException': 'A COM or Windows component returned an error; its HRESULT says which.',
  'System.ObjectDisposedException': 'The code used an object after closing it: a bug in the program.',
  'System.NotImplementedException': 'The program reached a feature that was never written.',
  'System.NotSupportedException': 'The program asked for an operation the object does not support.',
  'System.OperationCanceledException': 'An operation was cancelled and nothing handled the cancellation.',
  'System.Threading.Tasks.TaskCanceledException': 'A background task was cancelled (often a network timeout) and nothing handled it.',
  'System.AggregateException': 'One or more background tasks failed; the inner exceptions have the causes.',
  'System.Net.WebException': 'A web request failed: no network, a proxy or firewall, or the server did not answer.',
  'System.Net.Http.HttpRequestException': 'A web request failed: no network, a proxy or firewall, or the server did not answer.',
  'System.Net.Sockets.SocketException': 'A network connection failed or was refused.',
  'System.Configuration.ConfigurationErrorsException': 'A .config file of the program is damaged or has an invalid value.',
  'System.Windows.Markup.XamlParseException': 'A WPF window could not be built; the inner exception has the cause (often a missing file or DLL).',
  'System.Security.SecurityException': 'A security check refused the operation.',
  'System.TimeoutException': 'An operation took too long and was given up.',
  'System.Exception': 'A general error raised by the program itself; its message (in the event log) says more.',
};

/** One plain sentence for a .NET exception type (full name as CLR20r3 writes it), or null when unknown. */
export function describeDotNetException(type: string): string | null {
  return MEANINGS[type.trim()] ?? null;
}
