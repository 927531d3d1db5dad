package org.rpb.pacs.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;

import org.omnifaces.util.Faces;

/** Ends the user's session. */
@Named
@RequestScoped
public class LogoutAction {

    public String logout() throws ServletException {
        Faces.logout();
        Faces.invalidateSession();
        return "/index?faces-redirect=true";
    }
}
