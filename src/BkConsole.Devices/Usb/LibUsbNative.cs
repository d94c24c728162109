using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BkConsole.Devices.Usb;

/// <summary>
/// The only file that talks to libusb-1.0. The Debian runtime package ships <c>libusb-1.0.so.0</c> and no
/// unversioned <c>.so</c>, so the library is loaded by its exact file name through <see cref="NativeLibrary"/>
/// and the few entry points are bound as unmanaged function pointers (no process-wide DllImport resolver that
/// could clash with another area's). All functions use the C calling convention on Linux and macOS.
/// </summary>
internal static unsafe class LibUsbNative
{
    public const int Success = 0;
    public const int ErrorIo = -1;
    public const int ErrorInvalidParam = -2;
    public const int ErrorAccess = -3;
    public const int ErrorNoDevice = -4;
    public const int ErrorNotFound = -5;
    public const int ErrorBusy = -6;
    public const int ErrorTimeout = -7;
    public const int ErrorOverflow = -8;
    public const int ErrorPipe = -9;
    public const int ErrorNotSupported = -12;

    /// <summary>File names tried in order; the first is what Debian/Ubuntu's libusb-1.0-0 installs.</summary>
    private static readonly string[] LibraryNames = OperatingSystem.IsWindows()
        ? ["libusb-1.0.dll"]
        : OperatingSystem.IsMacOS()
            ? ["libusb-1.0.0.dylib", "libusb-1.0.dylib"]
            : ["libusb-1.0.so.0", "libusb-1.0.so"];

    private static readonly Lazy<Api?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when no libusb-1.0 could be loaded on this machine.</summary>
    public static Api? Library => Loaded.Value;

    public static string LibraryFileName => LibraryNames[0];

    private static Api? Load()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, typeof(LibUsbNative).Assembly, null, out var handle)) return new Api(handle);
        }
        return null;
    }

    /// <summary>Bound entry points of one loaded libusb.</summary>
    internal sealed class Api
    {
        private readonly delegate* unmanaged[Cdecl]<nint*, int> _init;
        private readonly delegate* unmanaged[Cdecl]<nint, void> _exit;
        private readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> _getDeviceList;
        private readonly delegate* unmanaged[Cdecl]<nint, int, void> _freeDeviceList;
        private readonly delegate* unmanaged[Cdecl]<nint, byte*, int> _getDeviceDescriptor;
        private readonly delegate* unmanaged[Cdecl]<nint, nint*, int> _open;
        private readonly delegate* unmanaged[Cdecl]<nint, void> _close;
        private readonly delegate* unmanaged[Cdecl]<nint, int, int> _detachKernelDriver;
        private readonly delegate* unmanaged[Cdecl]<nint, int, int> _attachKernelDriver;
        private readonly delegate* unmanaged[Cdecl]<nint, int, int> _claimInterface;
        private readonly delegate* unmanaged[Cdecl]<nint, int, int> _releaseInterface;
        private readonly delegate* unmanaged[Cdecl]<nint, byte, byte*, int, int*, uint, int> _bulkTransfer;
        private readonly delegate* unmanaged[Cdecl]<int, nint> _errorName;

        public Api(nint lib)
        {
            _init = (delegate* unmanaged[Cdecl]<nint*, int>)NativeLibrary.GetExport(lib, "libusb_init");
            _exit = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(lib, "libusb_exit");
            _getDeviceList = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)NativeLibrary.GetExport(lib, "libusb_get_device_list");
            _freeDeviceList = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(lib, "libusb_free_device_list");
            _getDeviceDescriptor = (delegate* unmanaged[Cdecl]<nint, byte*, int>)NativeLibrary.GetExport(lib, "libusb_get_device_descriptor");
            _open = (delegate* unmanaged[Cdecl]<nint, nint*, int>)NativeLibrary.GetExport(lib, "libusb_open");
            _close = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(lib, "libusb_close");
            _detachKernelDriver = (delegate* unmanaged[Cdecl]<nint, int, int>)NativeLibrary.GetExport(lib, "libusb_detach_kernel_driver");
            _attachKernelDriver = (delegate* unmanaged[Cdecl]<nint, int, int>)NativeLibrary.GetExport(lib, "libusb_attach_kernel_driver");
            _claimInterface = (delegate* unmanaged[Cdecl]<nint, int, int>)NativeLibrary.GetExport(lib, "libusb_claim_interface");
            _releaseInterface = (delegate* unmanaged[Cdecl]<nint, int, int>)NativeLibrary.GetExport(lib, "libusb_release_interface");
            _bulkTransfer = (delegate* unmanaged[Cdecl]<nint, byte, byte*, int, int*, uint, int>)NativeLibrary.GetExport(lib, "libusb_bulk_transfer");
            _errorName = (delegate* unmanaged[Cdecl]<int, nint>)NativeLibrary.GetExport(lib, "libusb_error_name");
        }

        public int Init(out nint context)
        {
            nint ctx = 0;
            int rc = _init(&ctx);
            context = ctx;
            return rc;
        }

        public void Exit(nint context) => _exit(context);

        /// <summary>(vendor, product, bcdDevice) of every device on the bus, plus the libusb device pointers.</summary>
        public int ListDevices(nint context, out List<(nint Device, ushort Vendor, ushort Product, ushort Release)> devices, out nint list)
        {
            devices = [];
            nint l = 0;
            long n = _getDeviceList(context, &l);
            list = l;
            if (n < 0) return (int)n;
            var desc = stackalloc byte[18];
            for (long i = 0; i < n; i++)
            {
                nint dev = ((nint*)l)[i];
                if (_getDeviceDescriptor(dev, desc) != Success) continue;
                var span = new ReadOnlySpan<byte>(desc, 18);
                devices.Add((dev, BinaryPrimitives.ReadUInt16LittleEndian(span[8..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(span[10..]), BinaryPrimitives.ReadUInt16LittleEndian(span[12..])));
            }
            return Success;
        }

        public void FreeDeviceList(nint list)
        {
            if (list != 0) _freeDeviceList(list, 1);
        }

        public int Open(nint device, out nint handle)
        {
            nint h = 0;
            int rc = _open(device, &h);
            handle = h;
            return rc;
        }

        public void Close(nint handle) => _close(handle);

        public int DetachKernelDriver(nint handle, int iface) => _detachKernelDriver(handle, iface);

        public int AttachKernelDriver(nint handle, int iface) => _attachKernelDriver(handle, iface);

        public int ClaimInterface(nint handle, int iface) => _claimInterface(handle, iface);

        public int ReleaseInterface(nint handle, int iface) => _releaseInterface(handle, iface);

        public int BulkTransfer(nint handle, byte endpoint, Span<byte> data, out int transferred, uint timeoutMs)
        {
            int t = 0;
            int rc;
            fixed (byte* p = data) rc = _bulkTransfer(handle, endpoint, p, data.Length, &t, timeoutMs);
            transferred = t;
            return rc;
        }

        public string ErrorName(int code) => Marshal.PtrToStringAnsi(_errorName(code)) ?? $"LIBUSB_ERROR({code})";
    }
}
