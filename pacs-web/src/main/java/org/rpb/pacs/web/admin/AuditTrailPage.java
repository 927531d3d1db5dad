package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditPage;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;

/**
 * The audit trail of the active study and site for administrators: filtered by action and date, newest first,
 * page by page. The events hold pseudonyms (PIDs) and UIDs only, never names or hospital IDs, so the page shows
 * nothing else either; the filters stay in the view, never in the URL.
 */
@Named
@ViewScoped
public class AuditTrailPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The page sizes offered. */
    private static final List<Integer> SIZES = List.of(5, 20, 50, 100);

    @Inject
    private AuditService audit;

    @Inject
    private ActiveScopeService scopes;

    private ActiveScope scope;
    private String problem;
    private AuditAction action;
    private LocalDate from;
    private LocalDate to;
    private int size = 20;
    private int page;
    private AuditPage result;

    @PostConstruct
    void init() {
        try {
            scope = scopes.current();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
            return;
        }
        load();
    }

    /** Applies the filters from the first page on. */
    public void search() {
        page = 0;
        load();
    }

    public void next() {
        if (hasNext()) {
            page++;
            load();
        }
    }

    public void previous() {
        if (page > 0) {
            page--;
            load();
        }
    }

    private void load() {
        if (problem != null) {
            return;
        }
        // "to" is the last day shown, so the bound is the start of the day after it
        AuditFilter filter = new AuditFilter(null, action, null, from == null ? null : from.atStartOfDay(),
                to == null ? null : to.plusDays(1).atStartOfDay());
        try {
            result = audit.events(filter, page, size);
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    public boolean hasNext() {
        return result != null && (long) (page + 1) * size < result.total();
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    /** @return the number of pages (at least one) */
    public long getPages() {
        return result == null || result.total() == 0 ? 1 : (result.total() + size - 1) / size;
    }

    public List<AuditEvent> getEvents() {
        return result == null ? List.of() : result.events();
    }

    public long getTotal() {
        return result == null ? 0 : result.total();
    }

    public int getPageNumber() {
        return page + 1;
    }

    public List<AuditAction> getActions() {
        return List.of(AuditAction.values());
    }

    public List<Integer> getSizes() {
        return SIZES;
    }

    public ActiveScope getScope() {
        return scope;
    }

    public String getProblem() {
        return problem;
    }

    public AuditAction getAction() {
        return action;
    }

    public void setAction(AuditAction action) {
        this.action = action;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }

    public int getSize() {
        return size;
    }

    public void setSize(int size) {
        this.size = SIZES.contains(size) ? size : 20;
    }
}
