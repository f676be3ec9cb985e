package com.aliaport.ops.console.reports;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.storage.ReportKeys;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Saving a finished report: asks where (the view's save dialog, or whatever a test puts in its place), then
 * off the FX thread has the link signed and fetches the file, with progress and the outcome in a status line.
 */
public final class DownloadModel {
    private final ReportDownloadService downloads;
    private final Ui ui;
    private final Texts t;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    /** Suggested file name → the file to write, or empty when the user cancels. Runs on the FX thread. */
    private Function<String, Optional<Path>> chooseTarget = name -> Optional.empty();

    public DownloadModel(ReportDownloadService downloads, Ui ui, Texts texts) {
        this.downloads = downloads;
        this.ui = ui;
        this.t = texts;
    }

    /** Where the file goes: the view sets its save dialog here; a test its own choice. */
    public void chooseTarget(Function<String, Optional<Path>> chooser) {
        this.chooseTarget = chooser;
    }

    public void download(DeskTask task) {
        if (busy.get() || task == null) {
            return;
        }
        Optional<Path> target = chooseTarget.apply(ReportKeys.downloadName(task.type(), task.createdAt()));
        if (target.isEmpty()) {
            return;
        }
        busy.set(true);
        progress.set(-1);
        status.set(t.get("download.signing"));
        AtomicInteger shownPercent = new AtomicInteger(-1);
        ui.background(
                () -> {
                    var link = downloads.link(task.id());
                    ui.later(() -> status.set(t.format("download.fetching", link.fileName())));
                    return downloads.download(link, target.get(), (done, total) -> {
                        int percent = total > 0 ? (int) (done * 100 / total) : -1;
                        // One FX update per percent, not one per buffer.
                        if (percent != shownPercent.getAndSet(percent)) {
                            ui.later(() -> progress.set(percent < 0 ? -1 : percent / 100.0));
                        }
                    });
                },
                size -> {
                    busy.set(false);
                    progress.set(1);
                    status.set(t.format("download.saved", target.get().toString(), Times.bytes(size)));
                },
                e -> {
                    busy.set(false);
                    progress.set(0);
                    status.set(t.format("download.failed", CommandModel.rootMessage(e)));
                });
    }

    public ReadOnlyDoubleProperty progress() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }
}
