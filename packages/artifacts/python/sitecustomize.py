"""llmsb plot capture for one run, loaded by Python's `site` module through PYTHONPATH.

It stays invisible to the program: it prints nothing, imports nothing heavy, patches matplotlib
and plotly only when the program imports them (at once when a warm run's interpreter already
has), takes itself off sys.path and out of the environment (so child processes are not
captured) and then runs the sitecustomize it shadows.
Plots land in $LLMSB_PLOTS_DIR, named so that they sort in the order they were made.
"""

import atexit
import os
import sys
import time

_HERE = os.path.dirname(os.path.abspath(__file__))
_PLOTS_DIR = os.environ.get("LLMSB_PLOTS_DIR", "")
_PLOTLY_JS = os.environ.get("LLMSB_PLOTLY_JS", "cdn")
_FORMATS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "svg": "svg", "pdf": "pdf", "html": "html", "htm": "html"}
_sequence = [0]


def _next_path(extension):
    _sequence[0] += 1
    # Nanosecond time first: plots from child processes interleave in the order they were made.
    return os.path.join(_PLOTS_DIR, "%020d-%d-%d.%s" % (time.time_ns(), os.getpid(), _sequence[0], extension))


def _warn(what, error):
    # Only on failure, on stderr: a broken capture must not break or silently alter the program.
    try:
        sys.stderr.write("llmsb: could not capture %s: %s: %s\n" % (what, type(error).__name__, error))
    except Exception:
        pass


def _copy_saved(target, format_hint=None):
    """Copies a file the program saved (savefig, write_html, write_image) into the plots."""
    if not isinstance(target, (str, os.PathLike)):
        return False  # a buffer: the program keeps the bytes for itself
    path = os.fspath(target)
    extension = (format_hint or os.path.splitext(path)[1].lstrip(".")).lower()
    kind = _FORMATS.get(extension)
    if kind is None or not os.path.isfile(path):
        return False
    import shutil

    shutil.copyfile(path, _next_path(kind))
    return True


# --- matplotlib (seaborn draws through it) -------------------------------------------------------

# Figures whose current drawing is already captured; a figure changed afterwards is stale again.
_captured = None


def _patch_figure(module):
    global _captured, _save_png
    import weakref

    _captured = weakref.WeakSet()
    Figure = module.Figure
    original_savefig = Figure.savefig

    def savefig(self, fname, *args, **kwargs):
        result = original_savefig(self, fname, *args, **kwargs)
        try:
            fmt = kwargs.get("format")
            if isinstance(fname, (str, os.PathLike)) and not fmt and not os.path.splitext(os.fspath(fname))[1]:
                # matplotlib appended the default extension to the name
                import matplotlib

                fmt = matplotlib.rcParams["savefig.format"]
                fname = "%s.%s" % (os.fspath(fname), fmt)
            if _copy_saved(fname, fmt):
                self.stale = False
                _captured.add(self)
        except Exception as error:
            _warn("a saved figure", error)
        return result

    def show(self, *args, **kwargs):
        # Non-blocking in a GUI: the figure stays open, so it is captured and left open.
        _capture_figure(self)

    def capture(figure):
        path = _next_path("png")
        original_savefig(figure, path, format="png", bbox_inches="tight")
        figure.stale = False
        _captured.add(figure)

    _save_png = capture
    Figure.savefig = savefig
    Figure.show = show


_save_png = None


def _has_drawing(figure):
    # Empty axes (a stray plt.gca()) are not a plot; data, text or images are.
    if figure.texts or figure.images or figure.lines or figure.patches:
        return True
    for axes in figure.axes:
        if axes.has_data() or axes.texts or axes.tables or axes.get_title():
            return True
    return False


def _capture_figure(figure):
    try:
        if _save_png is None or not _has_drawing(figure):
            return
        if figure in _captured and not figure.stale:
            return
        _save_png(figure)
    except Exception as error:
        _warn("a figure", error)


def _open_figures():
    from matplotlib import _pylab_helpers

    return [manager.canvas.figure for manager in _pylab_helpers.Gcf.get_all_fig_managers()]


def _patch_pyplot(pyplot):
    def show(*args, **kwargs):
        block = kwargs.get("block", args[0] if args else None)
        for figure in _open_figures():
            _capture_figure(figure)
        if block is not False:
            # A blocking show returns once its windows are closed (and Jupyter closes shown
            # figures), so the next plot starts on a fresh figure.
            pyplot.close("all")

    pyplot.show = show
    # Registered after matplotlib's own exit handler, so it runs first (atexit is LIFO).
    atexit.register(_capture_open_figures)


def _capture_open_figures():
    try:
        figures = _open_figures()
    except Exception:
        return
    for figure in figures:
        _capture_figure(figure)


# --- plotly --------------------------------------------------------------------------------------


def _patch_plotly_io(pio):
    original_write_html = pio.write_html
    original_write_image = pio.write_image

    def show(fig, renderer=None, validate=True, **kwargs):
        # Replaces the renderers (browser, notebook): in a sandbox the HTML is the display.
        try:
            options = {"include_plotlyjs": "cdn" if _PLOTLY_JS == "cdn" else True, "full_html": True, "validate": validate}
            for key in ("config", "auto_play", "post_script", "animation_opts"):
                if key in kwargs:
                    options[key] = kwargs[key]
            if "width" in kwargs:
                options["default_width"] = kwargs["width"]
            if "height" in kwargs:
                options["default_height"] = kwargs["height"]
            original_write_html(fig, _next_path("html"), **options)
        except Exception as error:
            _warn("a plotly figure", error)

    def write_html(fig, file, *args, **kwargs):
        result = original_write_html(fig, file, *args, **kwargs)
        try:
            _copy_saved(file, "html")
        except Exception as error:
            _warn("a plotly HTML file", error)
        return result

    def write_image(fig, file, *args, **kwargs):
        # Needs a renderer (kaleido or orca); without one the original raises, as it would anyway.
        result = original_write_image(fig, file, *args, **kwargs)
        try:
            fmt = kwargs.get("format") or (args[0] if args else None)
            _copy_saved(file, fmt)
        except Exception as error:
            _warn("a plotly image", error)
        return result

    pio.show = show
    pio.write_html = write_html
    pio.write_image = write_image


# --- Post-import hooks ---------------------------------------------------------------------------

_HOOKS = {
    "matplotlib.figure": _patch_figure,
    "matplotlib.pyplot": _patch_pyplot,
    "plotly.io": _patch_plotly_io,
}


class _HookLoader:
    """Runs the real loader, then the patch; the module keeps its real loader afterwards."""

    def __init__(self, loader, hook):
        self._loader = loader
        self._hook = hook

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        spec = module.__spec__
        module.__loader__ = spec.loader = self._loader
        self._loader.exec_module(module)
        try:
            self._hook(module)
        except Exception as error:
            _warn(module.__name__, error)
        _finder.done(module.__name__)


class _Finder:
    def __init__(self):
        self._pending = set(_HOOKS)
        self._busy = set()

    def find_spec(self, name, path=None, target=None):
        if name not in self._pending or name in self._busy:
            return None
        import importlib.util

        self._busy.add(name)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self._busy.discard(name)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _HookLoader(spec.loader, _HOOKS[name])
        return spec

    def done(self, name):
        self._pending.discard(name)
        if not self._pending and self in sys.meta_path:
            sys.meta_path.remove(self)


_finder = _Finder()


def _chain_shadowed_sitecustomize():
    """Runs the sitecustomize this file shadows (Debian's, a venv's) and hands over its name."""
    import importlib.machinery
    import importlib.util

    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


def _hide():
    """Leaves sys.path and the environment as the program would see them without us."""
    sys.path[:] = [entry for entry in sys.path if not entry or os.path.abspath(entry) != _HERE]
    entries = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry and os.path.abspath(entry) != _HERE]
    if entries:
        os.environ["PYTHONPATH"] = os.pathsep.join(entries)
    else:
        os.environ.pop("PYTHONPATH", None)
    os.environ.pop("LLMSB_PLOTS_DIR", None)
    os.environ.pop("LLMSB_PLOTLY_JS", None)


def _patch_imported():
    """A warm run's interpreter imported matplotlib before the program: patch what is there now."""
    for name, hook in _HOOKS.items():
        module = sys.modules.get(name)
        if module is None:
            continue
        try:
            hook(module)
        except Exception as error:
            _warn(name, error)
        _finder.done(name)


if _PLOTS_DIR:
    sys.meta_path.insert(0, _finder)
    _patch_imported()
_hide()
_chain_shadowed_sitecustomize()
