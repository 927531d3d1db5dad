package org.rpb.pacs.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.AccessTimeout;
import jakarta.ejb.Remove;
import jakarta.ejb.Stateful;
import jakarta.ejb.StatefulTimeout;
import jakarta.inject.Inject;

import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.thumbnail.ThumbnailRenderer;
import org.rpb.pacs.thumbnail.ThumbnailUnavailableException;

/**
 * One user's upload in progress: the slot it goes to, the working folder under {@code jboss.server.temp.dir} that
 * the page's file upload fills, the inspection, the sanity checks against the subject, the de-identification
 * preview and the thumbnails. Nothing leaves the working folder before the upload is confirmed; {@link #discard()}
 * (or the end of the session) deletes it. Original values in the preview are for this caller's page only.
 */
@Stateful(passivationCapable = false)
@StatefulTimeout(value = 2, unit = java.util.concurrent.TimeUnit.HOURS)
// the page's calls and the upload endpoint's (receiver()) wait for each other rather than fail after the default 5 s
@AccessTimeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
@RolesAllowed(Roles.PACS_UPLOAD)
public class UploadSessionBean {

    static final int THUMBNAIL_SIZE = 128;

    @Inject
    private UploadSlotsService slots;

    @jakarta.ejb.EJB
    private ProjectDeidentifiers deidentifiers;

    @jakarta.ejb.EJB
    private UploadJobService jobs;

    private UploadTarget target;
    private UploadWorkspace workspace;
    private final Map<String, Thumbnail> thumbnails = new LinkedHashMap<>();
    private List<SeriesPreview> previews;
    /** The workspace's generation the preview and thumbnails were made at. */
    private long madeAt = -1;

    /**
     * Starts (or restarts) an upload into a slot; anything received before is dropped.
     *
     * @param slotId the slot, which must be in the caller's active study and site
     * @return the slot with its event and subject
     * @throws SlotNotFoundException when it is not
     * @throws NoActiveScopeException when the caller has no study
     * @throws UploadFailedException when the working folder cannot be made
     */
    public UploadTarget begin(long slotId) throws SlotNotFoundException, NoActiveScopeException, UploadFailedException {
        UploadTarget t = slots.target(slotId);
        close();
        target = t;
        workspace = newWorkspace();
        return target;
    }

    /** @return the slot this upload goes to, or null before {@link #begin(long)} */
    public UploadTarget target() {
        return target;
    }

    /**
     * Receives one file from the browser (a DICOM file, any other file, or a ZIP, which is unpacked).
     *
     * @param name the name the browser sent, possibly with a relative folder path
     * @param in   the content, read to its end
     * @return the number of files the upload gained
     * @throws UploadFailedException naming the file when it cannot be stored or the ZIP is refused (the
     *                               workspace's message, which names the file and the limit or the damage)
     */
    public int receive(String name, InputStream in) throws UploadFailedException {
        return receiver().receive(name, in);
    }

    /**
     * The upload endpoint's way in: files go straight into this upload's working folder, several at a time,
     * without holding this session while they arrive (a large file may take minutes; the container would
     * serialize, and time out, calls of a stateful bean). Bound to the upload begun last: after
     * {@link #begin(long)} again, {@link #confirm(boolean, boolean)} or {@link #discard()} it refuses every file.
     *
     * @return the receiver of the current upload
     */
    public UploadReceiver receiver() {
        UploadWorkspace w = workspace();
        return (name, in) -> {
            try {
                return w.receive(name, in);
            } catch (IOException e) {
                throw new UploadFailedException(e.getMessage(), e);
            }
        };
    }

    /**
     * @return what arrived so far: studies, series, RT tree, files ignored and why
     * @throws UploadFailedException when the working folder cannot be read
     */
    public UploadContents contents() throws UploadFailedException {
        try {
            return workspace().inspect();
        } catch (IOException e) {
            throw new UploadFailedException("The files received so far cannot be read on the server: start the "
                    + "upload again", e);
        }
    }

    /**
     * @return the sanity checks of what arrived against the slot's subject
     * @throws UploadFailedException when the working folder cannot be read
     */
    public List<Finding> findings() throws UploadFailedException {
        return contents().check(target.expectedPatient());
    }

    /**
     * @return per series, what de-identification will change on one of its instances
     * @throws UploadFailedException when the working folder cannot be read
     * @throws PreviewException when a sample cannot be de-identified for the preview
     */
    public List<SeriesPreview> preview() throws UploadFailedException, PreviewException {
        forgetIfMoreArrived();
        if (previews == null) {
            previews = new DeidentificationPreview().preview(contents(), profile(), target.subjectContext());
            // the preview shows the identity of the project's profile, as the job will write it
        }
        return previews;
    }

    /**
     * @param seriesInstanceUid a series of the upload
     * @return the thumbnail of its middle instance, or null when the upload has no such series
     * @throws ThumbnailUnavailableException when the instance cannot be read
     */
    public Thumbnail thumbnail(String seriesInstanceUid) throws ThumbnailUnavailableException {
        forgetIfMoreArrived();
        if (thumbnails.containsKey(seriesInstanceUid)) {
            return thumbnails.get(seriesInstanceUid);
        }
        try {
            for (UploadedSeries s : contents().series()) {
                if (s.seriesInstanceUid().equals(seriesInstanceUid)) {
                    Thumbnail t = ThumbnailRenderer.ofSize(THUMBNAIL_SIZE)
                            .render(DeidentificationPreview.middle(s).file());
                    thumbnails.put(seriesInstanceUid, t);
                    return t;
                }
            }
        } catch (UploadFailedException | IOException e) {
            throw new ThumbnailUnavailableException("series " + seriesInstanceUid + " cannot be read", e);
        }
        return null;
    }

    /**
     * Confirms the upload: checks it once more and hands the files over to an upload job, which goes on when the
     * user leaves the page. The session is empty afterwards (ready for another upload into the same slot).
     *
     * @param replace          whether the user confirmed replacing the study the slot holds
     * @param leaveOutDamaged  whether the user agreed to leave damaged DICOM files out
     * @return the job's ID
     * @throws UploadRefusedException when a finding blocks, damaged files were not agreed to be left out, or the
     *                                slot holds a study and replacing was not confirmed
     * @throws UploadFailedException  when the project's profile or key cannot be used, or the files cannot be
     *                                handed over
     * @throws SlotNotFoundException  when the slot left the active study and site
     * @throws NoActiveScopeException when the caller has no study
     */
    public long confirm(boolean replace, boolean leaveOutDamaged) throws UploadRefusedException, UploadFailedException,
            SlotNotFoundException, NoActiveScopeException {
        UploadWorkspace w = workspace();
        if (!w.seal()) {
            throw new UploadRefusedException("files are still arriving: wait until every file is up, then confirm");
        }
        // sealed: what is checked here is exactly what the job takes over; a refusal opens it again
        boolean handedOver = false;
        try {
            UploadContents c = contents();
            List<Finding> blocking = c.check(target.expectedPatient()).stream().filter(Finding::blocking).toList();
            if (!blocking.isEmpty()) {
                throw new UploadRefusedException(blocking.get(0).message());
            }
            if (c.hasDamagedFiles() && !leaveOutDamaged) {
                throw new UploadRefusedException(c.ignored().stream().filter(IgnoredFile::damaged).count()
                        + " DICOM file(s) are damaged: leave them out or upload intact copies");
            }
            UploadTarget fresh = slots.target(target.slot().id());
            // the version confirmed here is the one the job keeps, whatever is saved while it runs or before a retry
            ProjectDeidentifiers.ProjectDeidentifier pd = deidentifiers.current();
            String holds = fresh.slot().studyInstanceUid();
            boolean same = holds != null && c.studyInstanceUids().size() == 1 && holds.equals(pd.deidentifier()
                    .uidRemapper().remap(c.studyInstanceUids().iterator().next()));
            // the same study again (same key, same UIDs) refills the slot with itself: nothing is replaced
            if (holds != null && !same && !replace) {
                throw new UploadRefusedException("the slot already holds a study: confirm replacing it (the previous "
                        + "study stays in the slot's history)");
            }
            Path folder = w.folder();
            leaveOut(folder, c);
            workspace = null;
            previews = null;
            thumbnails.clear();
            handedOver = true;
            long job;
            try {
                job = jobs.start(fresh, folder, c.instances(), replace, pd.version());
            } catch (IOException e) {
                throw new UploadFailedException("The files could not be handed over to the upload job: upload them "
                        + "again", e);
            }
            workspace = newWorkspace();
            target = fresh;
            return job;
        } finally {
            if (!handedOver) {
                w.unseal();
            }
        }
    }

    /**
     * Deletes the damaged DICOM files (the user confirmed leaving them out), so that the job, which reads only its
     * files' headers, takes exactly the instances checked here.
     */
    private static void leaveOut(Path folder, UploadContents c) throws UploadFailedException {
        for (IgnoredFile f : c.ignored()) {
            if (f.damaged()) {
                try {
                    Files.deleteIfExists(folder.resolve(f.name()));
                } catch (IOException e) {
                    throw new UploadFailedException("A damaged file could not be left out on the server: start the "
                            + "upload again", e);
                }
            }
        }
    }

    /** @return the working folder's received bytes */
    public long receivedBytes() {
        return workspace == null ? 0 : workspace.receivedBytes();
    }

    /** Ends the upload and deletes its working folder. */
    @Remove
    public void discard() {
        close();
    }

    /**
     * The working folder, for the upload job that takes the files over. Not part of the page's API.
     *
     * @return the folder
     */
    Path folder() {
        return workspace().folder();
    }

    /** Drops the preview and thumbnails when files arrived (or were refused) since they were made. */
    private void forgetIfMoreArrived() {
        long g = workspace().generation();
        if (g != madeAt) {
            previews = null;
            thumbnails.clear();
            madeAt = g;
        }
    }

    @PreDestroy
    void close() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
        previews = null;
        thumbnails.clear();
        target = null;
    }

    private UploadWorkspace workspace() {
        if (workspace == null) {
            throw new IllegalStateException("no upload slot chosen: call begin(slotId) first");
        }
        return workspace;
    }

    /** The active project's profile, for the preview (which uses a throwaway key, never the project's). */
    private ProfileDraft profile() {
        try {
            return deidentifiers.draft();
        } catch (NoActiveScopeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static UploadWorkspace newWorkspace() throws UploadFailedException {
        try {
            return UploadWorkspace.builder().parent(tempParent()).limits(UploadLimits.fromSystemProperties()).build();
        } catch (IOException e) {
            throw new UploadFailedException("The upload folder could not be created on the server: try again, or "
                    + "tell an administrator", e);
        }
    }

    private static Path tempParent() {
        String dir = System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir"));
        return Path.of(dir, "pacs-upload");
    }
}
