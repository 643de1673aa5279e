// Role checks on the server, on every staff page (the issue: "each page checks role and case access on the
// server"). A page declares the roles it admits; admin is admitted everywhere staff go.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError } from '../../lib/errors/index.js';
import type { Accounts, Role, StaffAccount } from './accounts.js';
import { navigationFor, type NavigationItem } from './navigation.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** the logged-in staff member, on staff pages */
    staff?: StaffAccount;
    /** the staff areas they may open, for the navigation */
    staffNav?: NavigationItem[];
  }
}

/** Loads the logged-in account (if any) into res.locals.staff. */
export function loadStaff(accounts: Accounts): RequestHandler {
  return (req, res, next) => {
    const id = req.session.accountId;
    if (!id) return next();
    accounts
      .byId(id)
      .then((account) => {
        if (account) {
          res.locals.staff = account;
          res.locals.staffNav = navigationFor(account);
        } else delete req.session.accountId;
        next();
      })
      .catch(next);
  };
}

/** Whether an account holds one of `allowed` (admin holds them all). */
export function hasRole(account: StaffAccount | undefined, allowed: readonly Role[]): boolean {
  return !!account && (account.roles.includes('admin') || account.roles.some((role) => allowed.includes(role)));
}

/**
 * Admits logged-in staff with one of `allowed`. Anonymous people are sent to the login page (and back after
 * it); staff without the role get 403.
 */
export function requireRole(...allowed: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const staff = res.locals.staff;
    if (!staff) {
      if (req.method === 'GET') req.session.returnTo = req.originalUrl;
      return res.redirect(303, '/staff/login');
    }
    if (!hasRole(staff, allowed)) return next(new ForbiddenError('this page is not for your role', { allowed }));
    next();
  };
}

/** The actor string for the audit log and the engine: `staff:<username>`. */
export const staffActor = (res: Response): string => `staff:${res.locals.staff?.username ?? 'unknown'}`;
